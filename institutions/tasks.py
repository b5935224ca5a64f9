from smtplib import SMTPException

from celery import shared_task

from institutions import services


@shared_task(
    name="institutions.send_enquiry_notice",
    autoretry_for=(SMTPException, ConnectionError, TimeoutError),
    retry_backoff=True,
    retry_backoff_max=600,
    max_retries=8,
    acks_late=True,
)
def send_enquiry_notice(enquiry_id: int) -> bool:
    """Mail a new enquiry to whoever answers it; a deleted or already-sent one is skipped."""
    return services.enquiry_send_notice(enquiry_id=enquiry_id)
