from django.urls import path

from members import views

app_name = "members"
urlpatterns = [
    path("", views.profile, name="profile"),
    path("privacy/", views.privacy, name="privacy"),
    path("privacy/download/", views.download_my_data, name="download_my_data"),
    path("privacy/delete/", views.delete_my_account, name="delete_my_account"),
]
