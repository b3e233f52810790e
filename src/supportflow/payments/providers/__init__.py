"""Provider mappers: pure functions from a payment provider's webhook to notifications.

Each mapper takes the webhook body (already verified by the host: signature checks need
the provider's keys and stay with you) and returns a `MappedWebhook` whose notifications
go to `PaymentConfirmation.apply_notification` (or `MappedWebhook.apply_to`). Event ids
are stable across the provider's retries, so a redelivery is a duplicate. A malformed
body raises `ProviderPayloadError` naming the JSON path. Each mapper's docstring says what
to verify first and what to answer the provider on success, duplicate and conflict.

- `bitpay_notifications`: BitPay invoice IPNs (standard and extended formats);
- `stripe_notifications`: Stripe PaymentIntent, Charge, Refund and Dispute events;
- `alipay_notifications`: Alipay async notify (`trade_status`);
- `wechat_notifications`: WeChat Pay v3 payment and refund notifications.
"""

from supportflow.payments.providers._alipay import (
    ALIPAY_FAILURE,
    ALIPAY_SUCCESS,
    alipay_notifications,
)
from supportflow.payments.providers._bitpay import bitpay_notifications
from supportflow.payments.providers._common import MappedWebhook, ProviderNotification
from supportflow.payments.providers._stripe import stripe_notifications
from supportflow.payments.providers._wechat import (
    WECHAT_FAILURE,
    WECHAT_SUCCESS,
    wechat_notifications,
)

__all__ = [
    "ALIPAY_FAILURE",
    "ALIPAY_SUCCESS",
    "WECHAT_FAILURE",
    "WECHAT_SUCCESS",
    "MappedWebhook",
    "ProviderNotification",
    "alipay_notifications",
    "bitpay_notifications",
    "stripe_notifications",
    "wechat_notifications",
]
