"""Customer notices: safe operator-authored templates in en, zh-Hans, zh-Hant and added locales.

A `NoticeTemplate` declares its variables (type, required, length limits, whether the value
comes from a customer) and holds texts per locale for the SMS, email and in-app channels.
It compiles once, checking every placeholder against the declared variables; rendering
checks every value, formats dates, durations and money with each locale's `LocaleTable`
(data files; pendulum only converts zones), escapes per channel, and reports the SMS cost.
A locale that is not built in is added as a `LocaleTable` of your own.

The template language is names and filters only (`supportflow.notices._template`): no attribute
access, no calls, no expressions, so an operator's template cannot read anything it was
not given. See `docs/notices.md`.
"""

from __future__ import annotations

from supportflow.notices._catalog import (
    CATALOG_NAMES,
    DEFAULT_LINK_HOSTS,
    catalog,
    example_values,
    load_notices,
)
from supportflow.notices._delivery import plan
from supportflow.notices._delivery_plan import Delivery, DeliveryPlan, Suppressed
from supportflow.notices._locale_table import LocaleTable, load_locales, locale_tables
from supportflow.notices._locales import LOCALES, Money, fallback_chain
from supportflow.notices._model import (
    PARTS,
    EmailMessage,
    InAppMessage,
    NoticeChannel,
    NoticeTemplate,
    NoticeTexts,
    RenderedNotice,
    SmsMessage,
)
from supportflow.notices._plans import (
    PlannedSend,
    QuietHours,
    SendAnchor,
    SendPlan,
    SendPoint,
    SendPolicy,
    SkippedSend,
    plan_maintenance_notices,
)
from supportflow.notices._preferences import CustomerPreferences, DeliveryPolicy, Send
from supportflow.notices._preview import NoticePreview, PreviewEntry, preview
from supportflow.notices._sms import SmsCost, SmsEncoding, sms_cost
from supportflow.notices._variables import Variable, VariableType

__all__ = [
    "CATALOG_NAMES",
    "DEFAULT_LINK_HOSTS",
    "LOCALES",
    "PARTS",
    "CustomerPreferences",
    "Delivery",
    "DeliveryPlan",
    "DeliveryPolicy",
    "EmailMessage",
    "InAppMessage",
    "LocaleTable",
    "Money",
    "NoticeChannel",
    "NoticePreview",
    "NoticeTemplate",
    "NoticeTexts",
    "PlannedSend",
    "PreviewEntry",
    "QuietHours",
    "RenderedNotice",
    "Send",
    "SendAnchor",
    "SendPlan",
    "SendPoint",
    "SendPolicy",
    "SkippedSend",
    "SmsCost",
    "SmsEncoding",
    "SmsMessage",
    "Suppressed",
    "Variable",
    "VariableType",
    "catalog",
    "example_values",
    "fallback_chain",
    "load_locales",
    "load_notices",
    "locale_tables",
    "plan",
    "plan_maintenance_notices",
    "preview",
    "sms_cost",
]
