from django.urls import path

from members.society import views

app_name = "society"
urlpatterns = [
    path("join/", views.join, name="join"),
    path("applications/<int:pk>/", views.application_detail, name="application"),
    path("applications/<int:pk>/pay/", views.application_pay, name="application-pay"),
    path("pay/<uuid:token>/", views.payment_page, name="payment"),
    path("pay/<uuid:token>/bank-transfer/", views.bank_transfer, name="bank-transfer"),
    path("pay/<uuid:token>/done/", views.payment_done, name="payment-done"),
    path("pay/<uuid:token>/failed/", views.payment_failed, name="payment-failed"),
    path("renew/", views.renew, name="renew"),
    path("invoices/<int:pk>/invoice.pdf", views.invoice_pdf, name="invoice-pdf"),
    path("certificate.pdf", views.certificate_pdf, name="certificate-pdf"),
]
