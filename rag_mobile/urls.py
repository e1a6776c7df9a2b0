# This service's API routes arrive with its issue; /health and the docs come from the
# shared service URLconf.
urlpatterns: list = []
