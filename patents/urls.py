app_name = "patents"
urlpatterns: list = []
