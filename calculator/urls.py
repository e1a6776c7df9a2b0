from django.urls import re_path

from calculator import views
from healthkon.api.routers import OptionalSlashRouter

router = OptionalSlashRouter()
router.register("metrics", views.MetricViewSet, basename="metric")

urlpatterns = [
    re_path(r"^calculator/?$", views.CalculatorListView.as_view(), name="calculator-list"),
    re_path(r"^calculator/(?P<name>[a-z0-9-]+)/?$", views.CalculateView.as_view(), name="calculator-run"),
    re_path(r"^metrics/child-growth/chart/?$", views.ChildGrowthChartView.as_view(), name="child-growth-chart"),
    re_path(r"^metrics/trend/chart/?$", views.TrendChartView.as_view(), name="trend-chart"),
    *router.urls,
]
