# The records API arrives with its issue; /health, docs and /admin/ come from the service URLconf.
urlpatterns: list = []
