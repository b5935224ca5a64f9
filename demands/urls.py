# Included at the site root: this app serves /demands/ and /challenges/.
from django.urls import path

from demands import views

app_name = "demands"
urlpatterns = [
    path("demands/", views.demand_list, name="list"),
    path("demands/mine/", views.demand_mine, name="mine"),
    path("demands/new/", views.demand_new, name="new"),
    path("demands/<int:pk>/", views.demand_detail, name="detail"),
    path("demands/<int:pk>/edit/", views.demand_edit, name="edit"),
    path("demands/<int:pk>/submit/", views.demand_submit, name="submit"),
    path("demands/<int:pk>/close/", views.demand_close, name="close"),
    path("demands/<int:pk>/respond/", views.demand_respond, name="respond"),
    path("demands/<int:pk>/access/", views.demand_access, name="access"),
    path("demands/<int:pk>/dismiss/", views.match_dismiss, name="dismiss"),
    path("demands/access/<int:pk>/", views.access_decide, name="access-decide"),
    path("demands/responses/<int:pk>/", views.response_decide, name="response-decide"),
    path(
        "demands/responses/<int:pk>/attachment/",
        views.response_attachment,
        name="response-attachment",
    ),
    path("challenges/", views.challenge_list, name="challenges"),
    path("challenges/mine/", views.challenge_mine, name="challenges-mine"),
    path("challenges/<int:pk>/", views.challenge_detail, name="challenge"),
    path("challenges/<int:pk>/ask/", views.challenge_ask, name="challenge-ask"),
    path("challenges/<int:pk>/apply/", views.challenge_apply, name="challenge-apply"),
    path("challenges/<int:pk>/object/", views.challenge_object, name="challenge-object"),
    path(
        "challenges/applications/<int:pk>/withdraw/",
        views.application_withdraw,
        name="application-withdraw",
    ),
    path(
        "challenges/applications/<int:pk>/proposal/",
        views.application_proposal,
        name="application-proposal",
    ),
    path(
        "challenges/applications/<int:pk>/score/", views.application_score, name="application-score"
    ),
]
