from django.urls import path

from reviews import views

app_name = "reviews"

urlpatterns = [
    path("", views.ReviewListView.as_view(), name="review_list"),
    path("<slug:slug>/", views.ReviewDetailView.as_view(), name="review_detail"),
    path(
        "<slug:slug>/preview/",
        views.ReviewPreviewView.as_view(),
        name="review_preview",
    ),
]
