"""Scheduled work of the institutions app (the beat entry is in portal/settings.py)."""

from celery import shared_task

from institutions import services


@shared_task(name="institutions.remind_overdue_enquiries")
def remind_overdue_enquiries() -> int:
    """Owners reminded once and the desk told of enquiries open for 5 working days."""
    return len(services.enquiries_remind_overdue())


@shared_task(name="institutions.forget_enquiry_contacts")
def forget_enquiry_contacts() -> int:
    """Enquirers' details blanked after the retention period the enquiry form states."""
    return services.enquiries_forget_contacts()
