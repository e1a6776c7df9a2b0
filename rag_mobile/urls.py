from django.urls import re_path

from rag_mobile import views

urlpatterns = [
    re_path(r"^rag/query/?$", views.MobileRagQueryView.as_view(), name="rag-mobile-query"),
]
