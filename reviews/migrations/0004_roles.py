"""Create the Editors and Contributors groups from `reviews.roles`.

Idempotent: it creates missing permissions and groups and sets each group's
permissions to exactly those `reviews.roles.ROLES` lists. Reversing leaves the
groups alone (users may belong to them).
"""

from django.db import migrations

from reviews.roles import sync_roles


class Migration(migrations.Migration):

    dependencies = [
        ("auth", "0012_alter_user_first_name_max_length"),
        ("contenttypes", "0002_remove_content_type_name"),
        ("films", "0001_initial"),
        ("reviews", "0003_review_publish_permission"),
    ]

    operations = [
        migrations.RunPython(sync_roles, migrations.RunPython.noop, elidable=False),
    ]
