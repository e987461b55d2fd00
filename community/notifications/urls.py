"""The reader's notifications, their settings, the unsubscribe link: /community/notifications/"""

from django.urls import path

from community.notifications import views

urlpatterns = [
    path("notifications/", views.notification_list, name="notifications"),
    path("notifications/count/", views.unread_count, name="notification_count"),
    path("notifications/read-all/", views.mark_all_read, name="notifications_read_all"),
    path("notifications/settings/", views.notification_settings, name="notification_settings"),
    path("notifications/unsubscribe/<str:token>/", views.unsubscribe, name="unsubscribe"),
    path("notifications/<int:pk>/open/", views.open_notification, name="notification_open"),
    path("notifications/<int:pk>/read/", views.mark_read, name="notification_read"),
]
