"""What accounts tells the layers above it, which it may not import: the notifications
app listens (notifications/receivers.py) and tells the people concerned. Sent inside the
service's transaction, after the change, so a receiver's writes commit or roll back with it."""

from django.dispatch import Signal

# organization=Organization, by=User (the reviewer)
organization_verified = Signal()
# user=User (the new member), organization=Organization (not yet verified)
signup_completed = Signal()
# organization=Organization, by=User (the reviewer), reason=str (shown to the members)
organization_refused = Signal()
# organization=Organization, by=User (the member asking again after a refusal)
organization_resubmitted = Signal()
