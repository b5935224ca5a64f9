"""Signing in as Django does, with the user's roles read in the same query.

Every signed-in request loads its user; the portal then asks whether that user is a
reviewer (every list of contracts does) and often whether an expert. Django's backend
reads the user, and each question is one more query; here both answers come with the
user, as EXISTS subqueries, and `User.is_reviewer` / `User.is_expert` use them.
"""

from django.contrib.auth import backends
from django.contrib.auth.models import Group
from django.db.models import BooleanField
from django.db.models.expressions import RawSQL

from accounts.models import Role, User

BACKEND = "accounts.backends.ModelBackend"


def with_roles(users):
    """`users` annotated with `in_reviewer_group` and `in_expert_group`. Written as SQL:
    compiling two ORM subqueries on every request costs more than the query they save."""
    member = User.groups.through._meta.db_table
    group = Group._meta.db_table
    user = User._meta.db_table
    exists = (
        f'EXISTS (SELECT 1 FROM "{member}" m JOIN "{group}" g ON g.id = m.group_id '
        f'WHERE m.user_id = "{user}".id AND g.name = %s)'
    )
    return users.annotate(
        in_reviewer_group=RawSQL(exists, [Role.REVIEWER], output_field=BooleanField()),
        in_expert_group=RawSQL(exists, [Role.EXPERT], output_field=BooleanField()),
    )


class ModelBackend(backends.ModelBackend):
    def get_user(self, user_id):
        try:
            user = with_roles(User._default_manager.filter(pk=user_id)).get()
        except User.DoesNotExist:
            return None
        return user if self.user_can_authenticate(user) else None
