from django.urls import path

from . import views

app_name = "plans"

urlpatterns = [
    # Public
    path("plans/", views.item_list, name="items"),
    path("plans/items/<int:pk>/", views.item_detail, name="item"),
    path("plans/template.<str:fmt>", views.import_template, name="import-template"),
    path("plans/<str:short_name>/<int:year>/", views.body_year, name="body-year"),
    # Staff of the body
    path("manage/plans/", views.staff_plans, name="staff-plans"),
    path("manage/plans/<int:pk>/", views.staff_plan, name="staff-plan"),
    path("manage/plans/<int:pk>/edit/", views.staff_plan_edit, name="staff-plan-edit"),
    path("manage/plans/<int:pk>/items/new/", views.staff_item_form, name="staff-item-new"),
    path(
        "manage/plans/<int:pk>/items/<int:item_pk>/edit/",
        views.staff_item_form,
        name="staff-item-edit",
    ),
    path(
        "manage/plans/<int:pk>/items/<int:item_pk>/drop/", views.staff_drop, name="staff-item-drop"
    ),
    path(
        "manage/plans/<int:pk>/items/<int:item_pk>/link/", views.staff_link, name="staff-item-link"
    ),
    path("manage/plans/link/", views.staff_link, name="link-draft"),
    path("manage/plans/<int:pk>/approve/", views.staff_approve, name="staff-approve"),
    path("manage/plans/<int:pk>/import/", views.staff_import, name="staff-import"),
    path(
        "manage/plans/<int:pk>/imports/<int:import_pk>/",
        views.staff_import_file,
        name="staff-import-file",
    ),
]
