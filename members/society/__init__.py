"""The society's membership lifecycle: application, fees and promotions, payment,
invoices and renewal (app label `society`). The membership record itself and the one
answer to "is this user a member today" stay in `members`."""
