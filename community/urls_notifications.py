from django.urls import path

from community.views import notifications, watching

urlpatterns = [
    path("notifications/", notifications.notification_list, name="notifications"),
    path("notifications/count/", notifications.unread_count, name="notification_count"),
    path("notifications/read-all/", notifications.mark_all_read, name="notifications_read_all"),
    path(
        "notifications/settings/",
        notifications.notification_settings,
        name="notification_settings",
    ),
    path(
        "notifications/unsubscribe/<str:token>/",
        notifications.unsubscribe,
        name="unsubscribe",
    ),
    path("notifications/<int:pk>/open/", notifications.open_notification, name="notification_open"),
    path("notifications/<int:pk>/read/", notifications.mark_read, name="notification_read"),
    path("watch/<int:page_id>/", watching.toggle_watch, name="watch"),
]
