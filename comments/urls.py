from django.urls import path

from . import views

app_name = "comments"

urlpatterns = [
    # Citizens
    path("drafts/<str:reference>/comment/", views.comment_form, name="new"),
    path("drafts/<str:reference>/comments/", views.article_comments, name="thread"),
    path("drafts/<str:reference>/alternative/", views.alternative_form, name="alternative"),
    path("drafts/<str:reference>/alternatives/", views.alternatives, name="alternatives"),
    path("drafts/<str:reference>/campaigns/<int:pk>/", views.campaign, name="campaign"),
    path("comments/<int:pk>/file/", views.comment_file, name="file"),
    path("drafts/<str:reference>/vote/", views.vote, name="vote"),
    path("my/comments/", views.my_comments, name="mine"),
    path("comments/<int:pk>/agree/", views.agree, name="agree"),
    path("comments/<int:pk>/report/", views.report, name="report"),
    path("moderation/log/", views.moderation_log, name="moderation-log"),
    path("follow/", views.follow, name="follow"),
    path("my/subscriptions/", views.subscriptions, name="subscriptions"),
    path("unsubscribe/<str:token>/", views.unsubscribe, name="unsubscribe"),
    # Moderators
    path("manage/moderation/", views.moderation_queue, name="moderation"),
    path("manage/moderation/<int:pk>/", views.moderate, name="moderate"),
    # MoJ analysts and moderators: people's decisions on the automatic campaign grouping
    path(
        "manage/campaigns/comments/<int:pk>/split/",
        views.campaign_split,
        name="campaign-split",
    ),
    path(
        "manage/drafts/<str:reference>/campaigns/<int:pk>/merge/",
        views.campaign_merge,
        name="campaign-merge",
    ),
    # The developer body
    path("manage/answers/", views.queue, name="queue"),
    path("manage/answers/<int:pk>/", views.answer, name="answer"),
    path("manage/answers/campaigns/<int:pk>/", views.campaign_answer, name="campaign-answer"),
]
