"""Who may call an API view: the roles, as DRF permissions."""

from django.utils.translation import gettext_lazy as _
from rest_framework import permissions


class IsReviewer(permissions.BasePermission):
    message = _("仅科技局登记员可以执行此操作。")

    def has_permission(self, request, view) -> bool:
        user = request.user
        return bool(user and user.is_authenticated and user.is_reviewer)


class IsExpert(permissions.BasePermission):
    message = _("仅受邀评审专家可以执行此操作。")

    def has_permission(self, request, view) -> bool:
        user = request.user
        return bool(user and user.is_authenticated and user.is_expert)
