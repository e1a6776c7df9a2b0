from django.urls import re_path

from rag import views

urlpatterns = [
    re_path(r"^rag/query/?$", views.RagQueryView.as_view(), name="rag-query"),
    re_path(r"^rag/search/?$", views.RagSearchView.as_view(), name="rag-search"),
]
