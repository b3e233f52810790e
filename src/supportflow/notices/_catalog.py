# ruff: noqa: RUF001 - Chinese texts use full-width punctuation on purpose
"""The built-in notice catalog: 15 notices in en, zh-Hans and zh-Hant on every channel.

The texts were written for each language, not translated word for word: the Traditional
Chinese uses Traditional vocabulary (提款, 存款, 帳戶, 訊息, 客服專線/熱線, 依序) rather than
converted Simplified characters, and the English uses the register of a bank notice.
Each SMS fits two segments (134 UCS-2 units in Chinese, 306 GSM-7 septets in English)
for realistic values; the tests check it with the longest values the variables accept.

The email HTML part is built from the same paragraphs as the email text, so the two never
drift apart.
"""

from __future__ import annotations

import functools
from collections.abc import Iterable, Mapping
from decimal import Decimal
from typing import Final

import pendulum

from supportflow import _validators
from supportflow.errors import InvalidFieldError
from supportflow.notices._locales import Money
from supportflow.notices._model import NoticeTemplate, NoticeTexts
from supportflow.notices._variables import Variable, VariableType

__all__ = ["CATALOG_NAMES", "DEFAULT_LINK_HOSTS", "catalog", "example_values"]

#: The hosts the catalog's links may point at unless `catalog(hosts=...)` says otherwise.
DEFAULT_LINK_HOSTS: Final = ("app.example.com",)

T = VariableType

_SERVICES_LABELS: Final = {
    "en": {
        "withdrawals": "Withdrawals",
        "deposits_and_withdrawals": "Deposits and withdrawals",
        "trading": "Trading",
        "all_services": "All services",
        "hotline": "Customer hotline",
        "chat": "Chat support",
        "email": "Email support",
        "pos": "POS payments",
    },
    "zh-Hans": {
        "withdrawals": "提现",
        "deposits_and_withdrawals": "充值和提现",
        "trading": "交易",
        "all_services": "全部",
        "hotline": "客服热线",
        "chat": "在线客服",
        "email": "邮件客服",
        "pos": "POS收单",
    },
    "zh-Hant": {
        "withdrawals": "提款",
        "deposits_and_withdrawals": "存款及提款",
        "trading": "交易",
        "all_services": "全部",
        "hotline": "客服專線",
        "chat": "線上客服",
        "email": "電郵客服",
        "pos": "POS收單",
    },
}
_STAGE_LABELS: Final = {
    "en": {
        "investigating": "we are checking the records",
        "awaiting_information": "we are waiting for the information we asked you for",
        "escalated": "a specialist team is reviewing it",
    },
    "zh-Hans": {
        "investigating": "正在核查相关记录",
        "awaiting_information": "等待您补充资料",
        "escalated": "已转交专业团队复核",
    },
    "zh-Hant": {
        "investigating": "正在核對相關紀錄",
        "awaiting_information": "等候您補充資料",
        "escalated": "已轉交專責團隊覆核",
    },
}
_RESOLUTION_LABELS: Final = {
    "en": {
        "refund": "a refund",
        "compensation": "compensation",
        "explanation": "an explanation",
        "guidance": "guidance on next steps",
        "rejection": "a decision not to uphold it",
    },
    "zh-Hans": {
        "refund": "退款",
        "compensation": "补偿",
        "explanation": "情况说明",
        "guidance": "操作指引",
        "rejection": "不予支持",
    },
    "zh-Hant": {
        "refund": "退款",
        "compensation": "補償",
        "explanation": "情況說明",
        "guidance": "操作指引",
        "rejection": "不予受理",
    },
}
_REDIRECT_LABELS: Final = {
    "en": {
        "issuing_bank": "your card-issuing bank",
        "receiving_bank": "the receiving bank",
        "card_scheme": "the card scheme",
        "merchant": "the merchant",
        "police": "the police",
        "court": "the court",
    },
    "zh-Hans": {
        "issuing_bank": "发卡银行",
        "receiving_bank": "收款银行",
        "card_scheme": "卡组织",
        "merchant": "商户",
        "police": "公安机关",
        "court": "人民法院",
    },
    "zh-Hant": {
        "issuing_bank": "發卡銀行",
        "receiving_bank": "收款銀行",
        "card_scheme": "信用卡組織",
        "merchant": "商戶",
        "police": "警方",
        "court": "法院",
    },
}


def _common(hosts: tuple[str, ...]) -> dict[str, Variable]:
    return {
        "brand": Variable(
            "brand", T.TEXT, max_length=12, description="The platform's short name, e.g. AurumPay"
        ),
        "hotline": Variable(
            "hotline", T.TEXT, max_length=14, description="Customer service phone number"
        ),
        "details_url": Variable(
            "details_url", T.URL, hosts=hosts, description="Link to the details in the app"
        ),
        "reference": Variable("reference", T.REFERENCE, max_length=20, description="Reference"),
        "amount": Variable("amount", T.MONEY, description="Amount and currency"),
        "merchant": Variable(
            "merchant", T.TEXT, max_length=16, description="Merchant name, as the platform has it"
        ),
    }


def _services() -> Variable:
    return Variable(
        "services",
        T.ENUM,
        choices=tuple(_SERVICES_LABELS["en"]),
        labels=_SERVICES_LABELS,
        description="What is paused",
    )


_GREETING: Final = {
    "en": "Dear customer,",
    "zh-Hans": "尊敬的客户：",
    "zh-Hant": "親愛的客戶您好：",
}
_SIGN_OFF: Final = {
    "en": "{brand} Customer Service",
    "zh-Hans": "{brand}客户服务中心",
    "zh-Hant": "{brand}客戶服務中心",
}
_DETAILS: Final = {"en": "Details: ", "zh-Hans": "详情：", "zh-Hant": "詳情："}
_VIEW: Final = {"en": "View details", "zh-Hans": "查看详情", "zh-Hant": "查看詳情"}


def _texts(
    locale: str,
    *,
    sms: str,
    subject: str,
    preheader: str,
    body: Iterable[str],
    title: str,
    in_app: str,
) -> NoticeTexts:
    """One locale's texts; the email text and HTML are built from the same paragraphs."""
    paragraphs = list(body)
    text = "\n\n".join(
        [_GREETING[locale], *paragraphs, _DETAILS[locale] + "{details_url}", _SIGN_OFF[locale]]
    )
    html_paragraphs = "".join(f"<p>{p}</p>" for p in [_GREETING[locale], *paragraphs])
    html = (
        f"{html_paragraphs}"
        f'<p><a href="{{details_url}}">{_VIEW[locale]}</a></p>'
        f"<p>{_SIGN_OFF[locale]}</p>"
    )
    return NoticeTexts(
        locale,
        sms=sms,
        email_subject=subject,
        email_preheader=preheader,
        email_text=text,
        email_html=html,
        in_app_title=title,
        in_app_body=in_app,
        in_app_link="{details_url}",
    )


_WINDOW_EN: Final = "{start|date:short} {start|time:short} to {end|date:short} {end|time:medium}"
_WINDOW_HANS: Final = "{start|date:short} {start|time:short}至{end|date:short} {end|time:medium}"
_WINDOW_HANT: Final = _WINDOW_HANS


def _maintenance_announced(v: dict[str, Variable]) -> NoticeTemplate:
    return NoticeTemplate(
        "maintenance_announced",
        description="Days before (and at the start of) a maintenance window.",
        sms_segments=2,
        variables=[
            v["brand"],
            Variable("start", T.INSTANT, description="Window start"),
            Variable("end", T.INSTANT, description="Window end"),
            Variable("duration", T.DURATION, description="Window length"),
            _services(),
            v["hotline"],
            v["details_url"],
        ],
        texts=[
            _texts(
                "en",
                sms=(
                    "{brand}: scheduled maintenance " + _WINDOW_EN + ". {services} will be "
                    "unavailable. Withdrawals requested during this time are queued and paid "
                    "out when it ends; your funds are safe. Questions? Call {hotline}."
                ),
                subject="Scheduled maintenance on {start|date:medium}",
                preheader="{services} unavailable for about {duration}",
                body=[
                    (
                        "We will carry out scheduled maintenance from {start|datetime:long} to "
                        "{end|datetime:long}, about {duration}."
                    ),
                    (
                        "During this time {services|lower} will be unavailable. Withdrawal "
                        "requests you make meanwhile are queued, not lost, and are paid out in "
                        "order as soon as the maintenance ends. Your funds remain safe."
                    ),
                    "If you have any questions, please call us on {hotline}.",
                ],
                title="Scheduled maintenance",
                in_app=(
                    "{services} will be unavailable " + _WINDOW_EN + ". Withdrawal requests "
                    "made during maintenance are queued and paid out when it ends."
                ),
            ),
            _texts(
                "zh-Hans",
                sms=(
                    "【{brand}】系统维护通知：" + _WINDOW_HANS + "暂停{services}服务。"
                    "期间提交的提现申请将排队，维护结束后依次处理，资金安全不受影响。"
                    "客服热线{hotline}。"
                ),
                subject="系统维护通知：{start|date:medium}",
                preheader="{services}服务暂停约{duration}",
                body=[
                    (
                        "为提升服务质量，我们将于{start|datetime:long}至{end|datetime:long}"
                        "进行系统维护，预计历时{duration}。"
                    ),
                    (
                        "维护期间{services}服务暂停。您在此期间提交的提现申请将进入排队，"
                        "不会丢失，维护结束后按提交顺序依次处理，您的资金安全不受影响。"
                    ),
                    "如有疑问，请致电客服热线{hotline}。给您带来的不便，敬请谅解。",
                ],
                title="系统维护通知",
                in_app=(
                    _WINDOW_HANS + "系统维护，{services}服务暂停。期间提交的提现申请将排队，"
                    "维护结束后依次处理。"
                ),
            ),
            _texts(
                "zh-Hant",
                sms=(
                    "【{brand}】系統維護通知：" + _WINDOW_HANT + "暫停{services}服務。"
                    "期間提交的提款申請將排隊，維護結束後依序處理，資金安全不受影響。"
                    "客服專線{hotline}。"
                ),
                subject="系統維護通知：{start|date:medium}",
                preheader="{services}服務暫停約{duration}",
                body=[
                    (
                        "為提升服務品質，我們將於{start|datetime:long}至{end|datetime:long}"
                        "進行系統維護，預計歷時{duration}。"
                    ),
                    (
                        "維護期間{services}服務暫停。您於此期間提交的提款申請將進入排隊，"
                        "不會遺失，維護結束後依提交順序處理，您的資金安全不受影響。"
                    ),
                    "如有疑問，請致電客服專線{hotline}。造成不便，敬請見諒。",
                ],
                title="系統維護通知",
                in_app=(
                    _WINDOW_HANT + "系統維護，{services}服務暫停。期間提交的提款申請將排隊，"
                    "維護結束後依序處理。"
                ),
            ),
        ],
    )


def _maintenance_extended(v: dict[str, Variable]) -> NoticeTemplate:
    return NoticeTemplate(
        "maintenance_extended",
        description="When a maintenance window is extended (every extension is a new notice).",
        sms_segments=2,
        variables=[
            v["brand"],
            Variable("previous_end", T.INSTANT, description="The end announced before"),
            Variable("new_end", T.INSTANT, description="The new end"),
            _services(),
            v["hotline"],
            v["details_url"],
        ],
        texts=[
            _texts(
                "en",
                sms=(
                    "{brand}: our maintenance will now end at {new_end|datetime:medium}, "
                    "later than the {previous_end|time:short} we announced. {services} will "
                    "stay unavailable until then. Queued withdrawals are safe and will be paid out "
                    "when it ends. We apologise. Call {hotline}."
                ),
                subject="Maintenance extended to {new_end|datetime:short}",
                preheader="{services} unavailable until {new_end|time:medium}",
                body=[
                    (
                        "The maintenance we announced to end at {previous_end|datetime:long} "
                        "needs more time. It will now end at {new_end|datetime:long}."
                    ),
                    (
                        "{services} will stay unavailable until then. Withdrawal requests already "
                        "queued stay in the queue and are paid out in order when the maintenance "
                        "ends; you do not need to submit them again."
                    ),
                    "We apologise for the delay. If you have any questions, please call {hotline}.",
                ],
                title="Maintenance extended",
                in_app=(
                    "Maintenance now ends at {new_end|datetime:medium}. {services} will stay "
                    "unavailable; queued withdrawals will be paid out when it ends."
                ),
            ),
            _texts(
                "zh-Hans",
                sms=(
                    "【{brand}】维护延时通知：原定{previous_end|time:short}结束的系统维护将延长至"
                    "{new_end|date:short} {new_end|time:medium}，{services}服务继续暂停。"
                    "已排队的提现申请不会丢失，维护结束后依次处理。深表歉意，客服热线{hotline}。"
                ),
                subject="系统维护延时至{new_end|datetime:short}",
                preheader="{services}服务继续暂停至{new_end|time:medium}",
                body=[
                    (
                        "原定于{previous_end|datetime:long}结束的系统维护需要延长，"
                        "预计于{new_end|datetime:long}结束。"
                    ),
                    (
                        "在此之前{services}服务继续暂停。已排队的提现申请将保留在队列中，"
                        "维护结束后按顺序依次处理，无需重新提交。"
                    ),
                    "给您带来不便，我们深表歉意。如有疑问，请致电客服热线{hotline}。",
                ],
                title="系统维护延时通知",
                in_app=(
                    "系统维护延长至{new_end|datetime:medium}，{services}服务继续暂停。"
                    "已排队的提现申请将在维护结束后依次处理。"
                ),
            ),
            _texts(
                "zh-Hant",
                sms=(
                    "【{brand}】維護延長通知：原定{previous_end|time:short}結束的系統維護將延長至"
                    "{new_end|date:short} {new_end|time:medium}，{services}服務繼續暫停。"
                    "已排隊的提款申請不會遺失，維護結束後依序處理。深感抱歉，客服專線{hotline}。"
                ),
                subject="系統維護延長至{new_end|datetime:short}",
                preheader="{services}服務繼續暫停至{new_end|time:medium}",
                body=[
                    (
                        "原定於{previous_end|datetime:long}結束的系統維護需要延長，"
                        "預計於{new_end|datetime:long}結束。"
                    ),
                    (
                        "在此之前{services}服務繼續暫停。已排隊的提款申請將保留在佇列中，"
                        "維護結束後依序處理，無須重新提交。"
                    ),
                    "造成不便，我們深感抱歉。如有疑問，請致電客服專線{hotline}。",
                ],
                title="系統維護延長通知",
                in_app=(
                    "系統維護延長至{new_end|datetime:medium}，{services}服務繼續暫停。"
                    "已排隊的提款申請將於維護結束後依序處理。"
                ),
            ),
        ],
    )


def _maintenance_finished(v: dict[str, Variable]) -> NoticeTemplate:
    return NoticeTemplate(
        "maintenance_finished",
        description="When a maintenance window ends (on time, early or after an extension).",
        sms_segments=2,
        variables=[
            v["brand"],
            Variable("ended_at", T.INSTANT, description="When the maintenance ended"),
            _services(),
            v["hotline"],
            v["details_url"],
        ],
        texts=[
            _texts(
                "en",
                sms=(
                    "{brand}: maintenance ended at {ended_at|datetime:medium}. You can use "
                    "{services|lower} again. Withdrawals queued during maintenance are now "
                    "being paid out in order. Thank you for your patience. Questions? Call "
                    "{hotline}."
                ),
                subject="Maintenance complete: {services|lower} available again",
                preheader="Queued withdrawals are being paid out",
                body=[
                    (
                        "Our maintenance ended at {ended_at|datetime:long}. You can use "
                        "{services|lower} again."
                    ),
                    (
                        "Withdrawal requests queued during the maintenance are now being paid out "
                        "in the order they were made. You will receive a notice when yours is "
                        "released."
                    ),
                    (
                        "Thank you for your patience. If you have any questions, please call "
                        "{hotline}."
                    ),
                ],
                title="Maintenance complete",
                in_app=(
                    "You can use {services|lower} again. Withdrawals queued during "
                    "maintenance are being paid out in order."
                ),
            ),
            _texts(
                "zh-Hans",
                sms=(
                    "【{brand}】系统维护已于{ended_at|datetime:short}结束，{services}服务已恢复。"
                    "维护期间排队的提现申请正在依次处理，请留意到账通知。感谢您的耐心等待，"
                    "客服热线{hotline}。"
                ),
                subject="系统维护已完成，{services}服务已恢复",
                preheader="排队的提现申请正在依次处理",
                body=[
                    "系统维护已于{ended_at|datetime:long}结束，{services}服务已全面恢复。",
                    "维护期间排队的提现申请正按提交顺序依次处理，每笔申请放行后我们都会通知您。",
                    "感谢您的耐心等待。如有疑问，请致电客服热线{hotline}。",
                ],
                title="系统维护已完成",
                in_app="{services}服务已恢复，维护期间排队的提现申请正在依次处理。",
            ),
            _texts(
                "zh-Hant",
                sms=(
                    "【{brand}】系統維護已於{ended_at|datetime:short}結束，{services}服務已恢復。"
                    "維護期間排隊的提款申請正依序處理，請留意入帳通知。感謝您耐心等候，"
                    "客服專線{hotline}。"
                ),
                subject="系統維護已完成，{services}服務已恢復",
                preheader="排隊中的提款申請正依序處理",
                body=[
                    "系統維護已於{ended_at|datetime:long}結束，{services}服務已全面恢復。",
                    "維護期間排隊的提款申請正依提交順序處理，每筆申請放行後我們都會通知您。",
                    "感謝您耐心等候。如有疑問，請致電客服專線{hotline}。",
                ],
                title="系統維護已完成",
                in_app="{services}服務已恢復，維護期間排隊的提款申請正依序處理。",
            ),
        ],
    )


def _withdrawal_queued(v: dict[str, Variable]) -> NoticeTemplate:
    return NoticeTemplate(
        "withdrawal_queued",
        description="A withdrawal requested during maintenance is held in the queue.",
        sms_segments=2,
        variables=[
            v["brand"],
            v["reference"],
            v["amount"],
            Variable("expected_by", T.INSTANT, description="The announced end of the window"),
            v["hotline"],
            v["details_url"],
        ],
        texts=[
            _texts(
                "en",
                sms=(
                    "{brand}: your withdrawal {reference} of {amount} is queued because of "
                    "maintenance. It will be paid out automatically when maintenance ends, "
                    "expected by {expected_by|datetime:medium}. No need to resubmit. "
                    "Questions? Call {hotline}."
                ),
                subject="Withdrawal {reference} queued during maintenance",
                preheader="{amount} will be paid out when maintenance ends",
                body=[
                    "We have received your withdrawal request {reference} for {amount}.",
                    (
                        "Because of scheduled maintenance it is queued. It is safe, and it will "
                        "be paid out automatically when the maintenance ends, expected by "
                        "{expected_by|datetime:long}. There is no need to submit it again."
                    ),
                    "If you have any questions, please call {hotline}.",
                ],
                title="Withdrawal queued",
                in_app=(
                    "Your withdrawal {reference} of {amount} is queued and will be paid out "
                    "when maintenance ends (expected by {expected_by|datetime:short})."
                ),
            ),
            _texts(
                "zh-Hans",
                sms=(
                    "【{brand}】您的提现申请{reference}（{amount}）已受理。因系统维护，该申请已排队，"
                    "将在维护结束后自动处理（预计{expected_by|datetime:short}前），无需重复提交。"
                    "客服热线{hotline}。"
                ),
                subject="提现申请{reference}已排队",
                preheader="维护结束后自动处理{amount}",
                body=[
                    "我们已收到您的提现申请{reference}，金额{amount}。",
                    (
                        "由于系统正在维护，该申请已进入排队，资金安全。维护结束后将自动处理，"
                        "预计于{expected_by|datetime:long}前完成，无需重复提交。"
                    ),
                    "如有疑问，请致电客服热线{hotline}。",
                ],
                title="提现申请已排队",
                in_app=(
                    "您的提现申请{reference}（{amount}）已排队，"
                    "将于维护结束后自动处理（预计{expected_by|datetime:short}前）。"
                ),
            ),
            _texts(
                "zh-Hant",
                sms=(
                    "【{brand}】您的提款申請{reference}（{amount}）已受理。因系統維護，此申請已排隊，"
                    "將於維護結束後自動處理（預計{expected_by|datetime:short}前），無須重複提交。"
                    "客服專線{hotline}。"
                ),
                subject="提款申請{reference}已排隊",
                preheader="維護結束後自動處理{amount}",
                body=[
                    "我們已收到您的提款申請{reference}，金額{amount}。",
                    (
                        "由於系統正在維護，此申請已進入排隊，資金安全無虞。維護結束後將自動處理，"
                        "預計於{expected_by|datetime:long}前完成，無須重複提交。"
                    ),
                    "如有疑問，請致電客服專線{hotline}。",
                ],
                title="提款申請已排隊",
                in_app=(
                    "您的提款申請{reference}（{amount}）已排隊，"
                    "將於維護結束後自動處理（預計{expected_by|datetime:short}前）。"
                ),
            ),
        ],
    )


def _withdrawal_released(v: dict[str, Variable]) -> NoticeTemplate:
    return NoticeTemplate(
        "withdrawal_released",
        description="A queued withdrawal is released after maintenance.",
        sms_segments=2,
        variables=[
            v["brand"],
            v["reference"],
            v["amount"],
            Variable("released_at", T.INSTANT, description="When it was released"),
            v["hotline"],
            v["details_url"],
        ],
        texts=[
            _texts(
                "en",
                sms=(
                    "{brand}: your withdrawal {reference} of {amount} was released at "
                    "{released_at|datetime:medium} and is on its way. Arrival depends on your "
                    "bank. Questions? Call {hotline}."
                ),
                subject="Withdrawal {reference} released",
                preheader="{amount} is on its way",
                body=[
                    (
                        "Your withdrawal {reference} for {amount} was released at "
                        "{released_at|datetime:long} and is on its way to you."
                    ),
                    (
                        "When the money arrives depends on your bank; most transfers arrive the "
                        "same day."
                    ),
                    "If you have any questions, please call {hotline}.",
                ],
                title="Withdrawal released",
                in_app=(
                    "Your withdrawal {reference} of {amount} was released at "
                    "{released_at|datetime:short} and is on its way."
                ),
            ),
            _texts(
                "zh-Hans",
                sms=(
                    "【{brand}】您的提现申请{reference}（{amount}）已于{released_at|datetime:short}"
                    "放行处理，到账时间以收款银行为准。客服热线{hotline}。"
                ),
                subject="提现申请{reference}已放行",
                preheader="{amount}正在转出",
                body=[
                    (
                        "您的提现申请{reference}（金额{amount}）已于{released_at|datetime:long}放行处理，"
                        "资金正在转出。"
                    ),
                    "具体到账时间以收款银行为准，多数情况下当日到账。",
                    "如有疑问，请致电客服热线{hotline}。",
                ],
                title="提现申请已放行",
                in_app=(
                    "您的提现申请{reference}（{amount}）已于{released_at|datetime:short}"
                    "放行处理，请留意到账。"
                ),
            ),
            _texts(
                "zh-Hant",
                sms=(
                    "【{brand}】您的提款申請{reference}（{amount}）已於{released_at|datetime:short}"
                    "放行處理，入帳時間以收款銀行為準。客服專線{hotline}。"
                ),
                subject="提款申請{reference}已放行",
                preheader="{amount}正在匯出",
                body=[
                    (
                        "您的提款申請{reference}（金額{amount}）已於{released_at|datetime:long}放行處理，"
                        "款項正在匯出。"
                    ),
                    "實際入帳時間以收款銀行為準，多數情況下當日入帳。",
                    "如有疑問，請致電客服專線{hotline}。",
                ],
                title="提款申請已放行",
                in_app=(
                    "您的提款申請{reference}（{amount}）已於{released_at|datetime:short}"
                    "放行處理，請留意入帳。"
                ),
            ),
        ],
    )


def _complaint_acknowledged(v: dict[str, Variable]) -> NoticeTemplate:
    return NoticeTemplate(
        "complaint_acknowledged",
        description="First response to a complaint: the reference and the reply-by date.",
        sms_segments=2,
        variables=[
            v["brand"],
            v["reference"],
            Variable("reply_by", T.INSTANT, description="When the customer will hear back"),
            Variable(
                "summary",
                T.TEXT,
                tainted=True,
                max_length=500,
                description="The complaint in the customer's words (never in SMS)",
            ),
            v["hotline"],
            v["details_url"],
        ],
        texts=[
            _texts(
                "en",
                sms=(
                    "{brand}: we have received your complaint. Your reference is {reference}. "
                    "We will reply by {reply_by|datetime:medium}. You can follow its progress "
                    "in the app. Questions? Call {hotline}."
                ),
                subject="We have received your complaint ({reference})",
                preheader="We will reply by {reply_by|date:medium}",
                body=[
                    (
                        "Thank you for telling us about your concern. We have registered your "
                        "complaint under reference {reference}:"
                    ),
                    "\u201c{summary|truncate:200}\u201d",
                    (
                        "We will reply by {reply_by|datetime:long}. Please quote your reference "
                        "if you contact us about it, for example on {hotline}."
                    ),
                ],
                title="Complaint received",
                in_app=(
                    "Reference {reference}: we will reply by {reply_by|datetime:short}. "
                    "\u201c{summary|truncate:60}\u201d"
                ),
            ),
            _texts(
                "zh-Hans",
                sms=(
                    "【{brand}】我们已收到您的投诉，受理编号{reference}。我们将于"
                    "{reply_by|datetime:short}前答复您，处理进度可在App“我的投诉”中查看。"
                    "客服热线{hotline}。"
                ),
                subject="投诉已受理（编号{reference}）",
                preheader="我们将于{reply_by|date:medium}前答复您",
                body=[
                    "感谢您向我们反映问题。您的投诉已登记，受理编号为{reference}：",
                    "“{summary|truncate:200}”",
                    (
                        "我们将于{reply_by|datetime:long}前给您答复。如需咨询，请提供受理编号，"
                        "客服热线{hotline}。"
                    ),
                ],
                title="投诉已受理",
                in_app=(
                    "受理编号{reference}，我们将于{reply_by|datetime:short}前答复您。"
                    "“{summary|truncate:60}”"
                ),
            ),
            _texts(
                "zh-Hant",
                sms=(
                    "【{brand}】我們已收到您的投訴，受理編號{reference}。我們將於"
                    "{reply_by|datetime:short}前回覆您，處理進度可於App「我的投訴」查詢。"
                    "客服專線{hotline}。"
                ),
                subject="投訴已受理（編號{reference}）",
                preheader="我們將於{reply_by|date:medium}前回覆您",
                body=[
                    "感謝您向我們反映問題。您的投訴已登記，受理編號為{reference}：",
                    "「{summary|truncate:200}」",
                    (
                        "我們將於{reply_by|datetime:long}前回覆您。如需查詢，請提供受理編號，"
                        "客服專線{hotline}。"
                    ),
                ],
                title="投訴已受理",
                in_app=(
                    "受理編號{reference}，我們將於{reply_by|datetime:short}前回覆您。"
                    "「{summary|truncate:60}」"
                ),
            ),
        ],
    )


def _complaint_deadline_explained(v: dict[str, Variable]) -> NoticeTemplate:
    # `why` is `DeadlineExplanation.render(locale, short=True)` (or the calendar's): library
    # text, never the customer's, so it may be shown; SMS only points to it (length).
    return NoticeTemplate(
        "complaint_deadline_explained",
        description=(
            "Why the reply-by date is where it is: the holidays and make-up working days "
            "the deadline counts around (from `explain(...).render(locale, short=True)`)."
        ),
        sms_segments=2,
        variables=[
            v["brand"],
            v["reference"],
            Variable("reply_by", T.INSTANT, description="When the customer will hear back"),
            Variable(
                "why",
                T.TEXT,
                max_length=300,
                description="The short explanation rendered in the customer's language",
            ),
            v["hotline"],
            v["details_url"],
        ],
        texts=[
            _texts(
                "en",
                sms=(
                    "{brand}: we will answer complaint {reference} by "
                    "{reply_by|datetime:medium}. Public holidays are not counted; the app "
                    "shows why. Questions? Call {hotline}."
                ),
                subject="Why we will answer by {reply_by|date:medium} ({reference})",
                preheader="Public holidays are not counted",
                body=[
                    "We will answer your complaint {reference} by {reply_by|datetime:long}.",
                    "The time we have to answer does not count public holidays: {why}.",
                    "Please quote your reference if you contact us, for example on {hotline}.",
                ],
                title="Your reply-by date",
                in_app="Reference {reference}: reply by {reply_by|datetime:short}. {why}.",
            ),
            _texts(
                "zh-Hans",
                sms=(
                    "【{brand}】您的投诉{reference}将于{reply_by|datetime:short}前答复。"
                    "答复期限不含法定节假日，详情请见App。客服热线{hotline}。"
                ),
                subject="答复期限说明（编号{reference}）",
                preheader="答复期限不含法定节假日",
                body=[
                    "您的投诉{reference}将于{reply_by|datetime:long}前答复。",
                    "答复期限不含法定节假日：{why}。",
                    "如需咨询，请提供受理编号，客服热线{hotline}。",
                ],
                title="答复期限",
                in_app="受理编号{reference}，将于{reply_by|datetime:short}前答复。{why}。",
            ),
            _texts(
                "zh-Hant",
                sms=(
                    "【{brand}】您的投訴{reference}將於{reply_by|datetime:short}前回覆。"
                    "回覆期限不含法定假日，詳情請見App。客服專線{hotline}。"
                ),
                subject="回覆期限說明（編號{reference}）",
                preheader="回覆期限不含法定假日",
                body=[
                    "您的投訴{reference}將於{reply_by|datetime:long}前回覆。",
                    "回覆期限不含法定假日：{why}。",
                    "如需查詢，請提供受理編號，客服專線{hotline}。",
                ],
                title="回覆期限",
                in_app="受理編號{reference}，將於{reply_by|datetime:short}前回覆。{why}。",
            ),
        ],
    )


def _complaint_progress(v: dict[str, Variable]) -> NoticeTemplate:
    return NoticeTemplate(
        "complaint_progress",
        description="A progress update on an open complaint, with an ETA.",
        sms_segments=2,
        variables=[
            v["brand"],
            v["reference"],
            Variable(
                "stage",
                T.ENUM,
                choices=tuple(_STAGE_LABELS["en"]),
                labels=_STAGE_LABELS,
                description="Where the complaint stands",
            ),
            Variable("eta", T.INSTANT, description="When the customer can expect an outcome"),
            v["hotline"],
            v["details_url"],
        ],
        texts=[
            _texts(
                "en",
                sms=(
                    "{brand}: update on complaint {reference}: {stage}. We expect to give you "
                    "an outcome by {eta|datetime:medium}. Questions? Call {hotline}."
                ),
                subject="Update on your complaint {reference}",
                preheader="Expected outcome by {eta|date:medium}",
                body=[
                    "Here is an update on your complaint {reference}: {stage}.",
                    (
                        "We expect to give you an outcome by {eta|datetime:long}. If anything "
                        "changes we will let you know."
                    ),
                    "If you have any questions, please call {hotline}.",
                ],
                title="Complaint update",
                in_app="Complaint {reference}: {stage}. Expected outcome by {eta|datetime:short}.",
            ),
            _texts(
                "zh-Hans",
                sms=(
                    "【{brand}】投诉{reference}处理进展：{stage}，预计于{eta|datetime:short}前"
                    "给您处理结果。客服热线{hotline}。"
                ),
                subject="投诉{reference}处理进展",
                preheader="预计{eta|date:medium}前给出结果",
                body=[
                    "您的投诉{reference}最新进展：{stage}。",
                    "我们预计于{eta|datetime:long}前给您处理结果，如有变化将及时通知您。",
                    "如有疑问，请致电客服热线{hotline}。",
                ],
                title="投诉处理进展",
                in_app="投诉{reference}：{stage}，预计{eta|datetime:short}前给出结果。",
            ),
            _texts(
                "zh-Hant",
                sms=(
                    "【{brand}】投訴{reference}處理進度：{stage}，預計於{eta|datetime:short}前"
                    "回覆處理結果。客服專線{hotline}。"
                ),
                subject="投訴{reference}處理進度",
                preheader="預計{eta|date:medium}前回覆結果",
                body=[
                    "您的投訴{reference}最新進度：{stage}。",
                    "我們預計於{eta|datetime:long}前回覆處理結果，如有變動將即時通知您。",
                    "如有疑問，請致電客服專線{hotline}。",
                ],
                title="投訴處理進度",
                in_app="投訴{reference}：{stage}，預計{eta|datetime:short}前回覆結果。",
            ),
        ],
    )


def _resolution_proposed(v: dict[str, Variable]) -> NoticeTemplate:
    return NoticeTemplate(
        "resolution_proposed",
        description="A proposed resolution the customer can accept or dispute.",
        sms_segments=2,
        variables=[
            v["brand"],
            v["reference"],
            Variable(
                "resolution",
                T.ENUM,
                choices=tuple(_RESOLUTION_LABELS["en"]),
                labels=_RESOLUTION_LABELS,
                description="The kind of resolution",
            ),
            Variable("respond_by", T.INSTANT, description="Deadline to accept or dispute"),
            v["hotline"],
            v["details_url"],
        ],
        texts=[
            _texts(
                "en",
                sms=(
                    "{brand}: we have a proposed resolution for complaint {reference}: "
                    "{resolution}. Please review it in the app and accept or dispute it by "
                    "{respond_by|date:medium}. If you disagree you may refer it to the "
                    "regulator or ombudsman. Call {hotline}."
                ),
                subject="Proposed resolution for complaint {reference}",
                preheader="Please respond by {respond_by|date:medium}",
                body=[
                    (
                        "We have finished looking into your complaint {reference} and propose "
                        "{resolution}. The full details and our reasons are in the app."
                    ),
                    (
                        "Please accept or dispute the proposal by {respond_by|datetime:long}. If "
                        "you are not satisfied with our final response, you have the right to "
                        "refer your complaint to the regulator or the ombudsman."
                    ),
                    "If you have any questions, please call {hotline}.",
                ],
                title="Proposed resolution",
                in_app=(
                    "Complaint {reference}: we propose {resolution}. Please accept or dispute "
                    "it by {respond_by|date:medium}."
                ),
            ),
            _texts(
                "zh-Hans",
                sms=(
                    "【{brand}】您的投诉{reference}已有处理方案（{resolution}），请在App中查看，"
                    "并于{respond_by|date:short}前确认是否接受。如有异议，可申请复核或向监管部门反映。"
                    "客服热线{hotline}。"
                ),
                subject="投诉{reference}处理方案",
                preheader="请于{respond_by|date:medium}前确认",
                body=[
                    (
                        "经核查，针对您的投诉{reference}，我们的处理方案为：{resolution}。"
                        "方案详情及理由请在App中查看。"
                    ),
                    (
                        "请于{respond_by|datetime:long}前确认是否接受。如对处理结果有异议，"
                        "您可申请复核，也有权向监管部门或金融纠纷调解机构反映。"
                    ),
                    "如有疑问，请致电客服热线{hotline}。",
                ],
                title="投诉处理方案",
                in_app=(
                    "投诉{reference}处理方案：{resolution}。请于{respond_by|date:medium}前确认是否接受。"
                ),
            ),
            _texts(
                "zh-Hant",
                sms=(
                    "【{brand}】您的投訴{reference}已有處理方案（{resolution}），請於App查看，"
                    "並於{respond_by|date:short}前確認是否接受。如有異議，可申請覆核或向主管機關反映。"
                    "客服專線{hotline}。"
                ),
                subject="投訴{reference}處理方案",
                preheader="請於{respond_by|date:medium}前確認",
                body=[
                    (
                        "經查證，針對您的投訴{reference}，我們的處理方案為：{resolution}。"
                        "方案詳情及理由請於App查看。"
                    ),
                    (
                        "請於{respond_by|datetime:long}前確認是否接受。如對處理結果有異議，"
                        "您可申請覆核，亦有權向主管機關或金融消費爭議處理機構申訴。"
                    ),
                    "如有疑問，請致電客服專線{hotline}。",
                ],
                title="投訴處理方案",
                in_app=(
                    "投訴{reference}處理方案：{resolution}。請於{respond_by|date:medium}前確認是否接受。"
                ),
            ),
        ],
    )


def _complaint_redirected(v: dict[str, Variable]) -> NoticeTemplate:
    return NoticeTemplate(
        "complaint_redirected",
        description="A complaint outside the platform's scope, with the right channel to use.",
        sms_segments=2,
        variables=[
            v["brand"],
            v["reference"],
            Variable(
                "redirect_to",
                T.ENUM,
                choices=tuple(_REDIRECT_LABELS["en"]),
                labels=_REDIRECT_LABELS,
                description="Who handles the matter",
            ),
            Variable("contact", T.TEXT, max_length=20, description="Their phone or channel"),
            v["hotline"],
            v["details_url"],
        ],
        texts=[
            _texts(
                "en",
                sms=(
                    "{brand}: your complaint {reference} concerns a matter handled by "
                    "{redirect_to}, so we cannot resolve it ourselves. Please contact them on "
                    "{contact}. We are happy to help you prepare: call {hotline}."
                ),
                subject="Your complaint {reference}: who can help",
                preheader="Please contact {redirect_to} on {contact}",
                body=[
                    (
                        "We have looked at your complaint {reference}. It concerns a matter that "
                        "only {redirect_to} can decide, so we cannot resolve it ourselves."
                    ),
                    (
                        "Please contact {redirect_to} on {contact}. We can give you the "
                        "transaction records you will need."
                    ),
                    "If you would like help, please call {hotline}.",
                ],
                title="Please contact {redirect_to}",
                in_app=(
                    "Complaint {reference} must be handled by {redirect_to}. "
                    "Please contact them on {contact}."
                ),
            ),
            _texts(
                "zh-Hans",
                sms=(
                    "【{brand}】您的投诉{reference}涉及{redirect_to}的业务，需由其处理，"
                    "请直接联系{redirect_to}（{contact}）。如需交易凭证等协助，请致电客服热线{hotline}。"
                ),
                subject="投诉{reference}：请联系{redirect_to}",
                preheader="请联系{redirect_to}：{contact}",
                body=[
                    (
                        "经核实，您的投诉{reference}涉及{redirect_to}的业务，需由{redirect_to}处理，"
                        "本平台无法直接处理，敬请谅解。"
                    ),
                    "请联系{redirect_to}：{contact}。如需交易记录等凭证，我们可以为您提供。",
                    "如需协助，请致电客服热线{hotline}。",
                ],
                title="请联系{redirect_to}",
                in_app="投诉{reference}需由{redirect_to}处理，请联系{redirect_to}：{contact}。",
            ),
            _texts(
                "zh-Hant",
                sms=(
                    "【{brand}】您的投訴{reference}涉及{redirect_to}的業務，須由其處理，"
                    "請直接聯絡{redirect_to}（{contact}）。如需交易憑證等協助，請致電客服專線{hotline}。"
                ),
                subject="投訴{reference}：請聯絡{redirect_to}",
                preheader="請聯絡{redirect_to}：{contact}",
                body=[
                    (
                        "經查證，您的投訴{reference}涉及{redirect_to}的業務，須由{redirect_to}處理，"
                        "本平台無法直接處理，敬請見諒。"
                    ),
                    "請聯絡{redirect_to}：{contact}。如需交易紀錄等憑證，我們可以為您提供。",
                    "如需協助，請致電客服專線{hotline}。",
                ],
                title="請聯絡{redirect_to}",
                in_app="投訴{reference}須由{redirect_to}處理，請聯絡{redirect_to}：{contact}。",
            ),
        ],
    )


def _feedback_request(v: dict[str, Variable]) -> NoticeTemplate:
    return NoticeTemplate(
        "feedback_request",
        description="After a complaint is resolved: a 1-5 satisfaction rating and comments.",
        sms_segments=2,
        variables=[v["brand"], v["reference"], v["hotline"], v["details_url"]],
        texts=[
            _texts(
                "en",
                sms=(
                    "{brand}: your complaint {reference} has been resolved. How did we do? "
                    "Please rate us from 1 to 5 in the app; your comments help us improve. "
                    "Not resolved for you? Call {hotline}."
                ),
                subject="How did we handle your complaint {reference}?",
                preheader="Rate us from 1 to 5 in one tap",
                body=[
                    (
                        "Your complaint {reference} has been resolved. We would like to know how "
                        "we did."
                    ),
                    (
                        "Please rate our handling from 1 (poor) to 5 (excellent) and tell us what "
                        "we could do better. It takes less than a minute."
                    ),
                    (
                        "If you feel the matter is not resolved, please call {hotline} and we will "
                        "reopen it."
                    ),
                ],
                title="How did we do?",
                in_app="Complaint {reference} is resolved. Please rate our handling from 1 to 5.",
            ),
            _texts(
                "zh-Hans",
                sms=(
                    "【{brand}】您的投诉{reference}已处理完毕。请在App中为本次服务评分（1-5分），"
                    "您的意见将帮助我们改进。如问题仍未解决，请致电客服热线{hotline}。"
                ),
                subject="请为投诉{reference}的处理评分",
                preheader="1-5分，一分钟完成",
                body=[
                    "您的投诉{reference}已处理完毕，我们希望了解您对本次处理的满意程度。",
                    (
                        "请为本次服务评分（1分为很不满意，5分为非常满意），并告诉我们可以改进的地方，"
                        "用时不到一分钟。"
                    ),
                    "如您认为问题仍未解决，请致电客服热线{hotline}，我们将重新跟进。",
                ],
                title="邀请您评价",
                in_app="投诉{reference}已处理完毕，请为本次服务评分（1-5分）。",
            ),
            _texts(
                "zh-Hant",
                sms=(
                    "【{brand}】您的投訴{reference}已處理完畢。請於App為本次服務評分（1-5分），"
                    "您的意見將協助我們改善。如問題仍未解決，請致電客服專線{hotline}。"
                ),
                subject="請為投訴{reference}的處理評分",
                preheader="1-5分，一分鐘完成",
                body=[
                    "您的投訴{reference}已處理完畢，我們希望了解您對本次處理的滿意程度。",
                    (
                        "請為本次服務評分（1分為非常不滿意，5分為非常滿意），並告訴我們可以改善之處，"
                        "只需不到一分鐘。"
                    ),
                    "如您認為問題仍未解決，請致電客服專線{hotline}，我們將重新跟進。",
                ],
                title="邀請您評分",
                in_app="投訴{reference}已處理完畢，請為本次服務評分（1-5分）。",
            ),
        ],
    )


def _payment_reminder(v: dict[str, Variable]) -> NoticeTemplate:
    return NoticeTemplate(
        "payment_reminder",
        description="A payment awaits the customer's confirmation.",
        sms_segments=2,
        variables=[
            v["brand"],
            v["merchant"],
            v["amount"],
            v["reference"],
            Variable("expires_at", T.INSTANT, description="When the payment window closes"),
            v["hotline"],
            v["details_url"],
        ],
        texts=[
            _texts(
                "en",
                sms=(
                    "{brand}: your payment of {amount} to {merchant} (order {reference}) is "
                    "awaiting your confirmation. Please confirm it in the app by "
                    "{expires_at|datetime:medium}, or it will be cancelled. Not you? Call "
                    "{hotline}."
                ),
                subject="Please confirm your payment to {merchant}",
                preheader="{amount}, confirm by {expires_at|time:medium}",
                body=[
                    (
                        "Your payment of {amount} to {merchant} (order {reference}) is waiting "
                        "for your confirmation."
                    ),
                    (
                        "Please confirm it in the app by {expires_at|datetime:long}. After that "
                        "the order is cancelled automatically and nothing is charged."
                    ),
                    "If you did not make this payment, do not confirm it and call {hotline}.",
                ],
                title="Payment awaiting confirmation",
                in_app=(
                    "{amount} to {merchant}: please confirm by {expires_at|datetime:short}, or "
                    "the order will be cancelled."
                ),
            ),
            _texts(
                "zh-Hans",
                sms=(
                    "【{brand}】您在{merchant}的付款{amount}尚待确认，"
                    "请于{expires_at|datetime:short}前在App中完成确认，逾期订单将自动取消。"
                    "如非本人操作，请致电{hotline}。"
                ),
                subject="请确认您在{merchant}的付款",
                preheader="{amount}，请于{expires_at|time:medium}前确认",
                body=[
                    "您在{merchant}的一笔付款{amount}（订单{reference}）尚待您确认。",
                    (
                        "请于{expires_at|datetime:long}前在App中完成确认，逾期订单将自动取消，"
                        "不会扣款。"
                    ),
                    "如非本人操作，请勿确认，并立即致电客服热线{hotline}。",
                ],
                title="付款待确认",
                in_app=(
                    "您在{merchant}的付款{amount}待确认，请于{expires_at|datetime:short}前完成，"
                    "逾期将自动取消。"
                ),
            ),
            _texts(
                "zh-Hant",
                sms=(
                    "【{brand}】您於{merchant}的付款{amount}尚待確認，"
                    "請於{expires_at|datetime:short}前在App完成確認，逾期訂單將自動取消。"
                    "如非本人操作，請致電{hotline}。"
                ),
                subject="請確認您於{merchant}的付款",
                preheader="{amount}，請於{expires_at|time:medium}前確認",
                body=[
                    "您於{merchant}的一筆付款{amount}（訂單{reference}）尚待您確認。",
                    "請於{expires_at|datetime:long}前在App完成確認，逾期訂單將自動取消，不會扣款。",
                    "如非本人操作，請勿確認，並立即致電客服專線{hotline}。",
                ],
                title="付款待確認",
                in_app=(
                    "您於{merchant}的付款{amount}待確認，請於{expires_at|datetime:short}前完成，"
                    "逾期將自動取消。"
                ),
            ),
        ],
    )


def _payment_expired(v: dict[str, Variable]) -> NoticeTemplate:
    return NoticeTemplate(
        "payment_expired",
        description="A payment was not confirmed in time and the order was cancelled.",
        sms_segments=2,
        variables=[
            v["brand"],
            v["merchant"],
            v["amount"],
            v["reference"],
            Variable("expired_at", T.INSTANT, description="When the payment window closed"),
            v["hotline"],
            v["details_url"],
        ],
        texts=[
            _texts(
                "en",
                sms=(
                    "{brand}: your payment of {amount} to {merchant} (order {reference}) was not "
                    "confirmed in time and expired at {expired_at|datetime:medium}. Nothing was "
                    "charged. To buy, please place a new order. Questions? Call {hotline}."
                ),
                subject="Payment to {merchant} expired",
                preheader="Nothing was charged",
                body=[
                    (
                        "Your payment of {amount} to {merchant} (order {reference}) was not "
                        "confirmed in time and expired at {expired_at|datetime:long}."
                    ),
                    (
                        "The order has been cancelled and nothing was charged. If you still want "
                        "to buy, please place a new order with the merchant."
                    ),
                    (
                        "If money has left your account for this order, please call {hotline} and "
                        "we will return it."
                    ),
                ],
                title="Payment expired",
                in_app=(
                    "Your payment of {amount} to {merchant} expired at "
                    "{expired_at|datetime:short}. Nothing was charged."
                ),
            ),
            _texts(
                "zh-Hans",
                sms=(
                    "【{brand}】您在{merchant}的付款{amount}未在规定时间内确认，"
                    "已于{expired_at|datetime:short}失效，未扣款。如需购买请重新下单，"
                    "客服热线{hotline}。"
                ),
                subject="您在{merchant}的付款已失效",
                preheader="订单已取消，未扣款",
                body=[
                    (
                        "您在{merchant}的付款{amount}（订单{reference}）未在规定时间内确认，"
                        "已于{expired_at|datetime:long}失效。"
                    ),
                    "该订单已自动取消，未产生扣款。如仍需购买，请向商户重新下单。",
                    "如该订单已从您的账户扣款，请致电客服热线{hotline}，我们将为您退回。",
                ],
                title="付款已失效",
                in_app=(
                    "您在{merchant}的付款{amount}已于{expired_at|datetime:short}失效，未扣款。"
                ),
            ),
            _texts(
                "zh-Hant",
                sms=(
                    "【{brand}】您於{merchant}的付款{amount}未於期限內確認，"
                    "已於{expired_at|datetime:short}失效，並未扣款。如需購買請重新下單，"
                    "客服專線{hotline}。"
                ),
                subject="您於{merchant}的付款已失效",
                preheader="訂單已取消，並未扣款",
                body=[
                    (
                        "您於{merchant}的付款{amount}（訂單{reference}）未於期限內確認，"
                        "已於{expired_at|datetime:long}失效。"
                    ),
                    "此訂單已自動取消，並未扣款。如仍需購買，請向商戶重新下單。",
                    "如此訂單已從您的帳戶扣款，請致電客服專線{hotline}，我們將為您退回。",
                ],
                title="付款已失效",
                in_app=(
                    "您於{merchant}的付款{amount}已於{expired_at|datetime:short}失效，並未扣款。"
                ),
            ),
        ],
    )


def _security_alert(v: dict[str, Variable]) -> NoticeTemplate:
    return NoticeTemplate(
        "security_alert",
        description="An abnormal transaction was held; the customer must confirm it.",
        sms_segments=2,
        variables=[
            v["brand"],
            v["amount"],
            v["merchant"],
            Variable("occurred_at", T.INSTANT, description="When the transaction was attempted"),
            v["hotline"],
            v["details_url"],
        ],
        texts=[
            _texts(
                "en",
                sms=(
                    "{brand} security alert: a payment of {amount} to {merchant} at "
                    "{occurred_at|datetime:short} looks unusual and is on hold. If it was you, "
                    "confirm it in the app. If not, call {hotline} now. We never ask for your "
                    "verification code."
                ),
                subject="Security alert: please confirm a payment of {amount}",
                preheader="A payment to {merchant} is on hold",
                body=[
                    (
                        "We have put a payment of {amount} to {merchant}, made at "
                        "{occurred_at|datetime:long}, on hold because it does not look like your "
                        "usual activity."
                    ),
                    (
                        "If you made this payment, please confirm it in the app and it will go "
                        "through. If you did not, call us on {hotline} straight away and we will "
                        "secure your account."
                    ),
                    (
                        "We will never ask you for your password or verification code by phone, "
                        "SMS or email."
                    ),
                ],
                title="Please confirm a payment",
                in_app=(
                    "A payment of {amount} to {merchant} at {occurred_at|datetime:short} is on "
                    "hold. Was it you?"
                ),
            ),
            _texts(
                "zh-Hans",
                sms=(
                    "【{brand}】安全提醒：您的账户于{occurred_at|datetime:short}向{merchant}支付"
                    "{amount}，交易异常，已暂停处理。如为本人操作请在App确认；"
                    "如非本人请立即致电{hotline}。切勿泄露验证码。"
                ),
                subject="安全提醒：请确认一笔{amount}的交易",
                preheader="向{merchant}的付款已暂停处理",
                body=[
                    (
                        "您的账户于{occurred_at|datetime:long}向{merchant}支付{amount}，"
                        "该交易与您的日常习惯不符，为保障资金安全，我们已暂停处理。"
                    ),
                    (
                        "如是本人操作，请在App中确认，交易将继续完成；如非本人操作，"
                        "请立即致电客服热线{hotline}，我们将协助您保护账户安全。"
                    ),
                    "我们不会通过电话、短信或邮件向您索要密码或验证码。",
                ],
                title="请确认一笔交易",
                in_app=(
                    "您的账户于{occurred_at|datetime:short}向{merchant}支付{amount}，"
                    "已暂停处理，是否为本人操作？"
                ),
            ),
            _texts(
                "zh-Hant",
                sms=(
                    "【{brand}】安全提醒：您的帳戶於{occurred_at|datetime:short}向{merchant}付款"
                    "{amount}，交易異常，已暫停處理。如為本人操作請於App確認；"
                    "如非本人請立即致電{hotline}。切勿洩露驗證碼。"
                ),
                subject="安全提醒：請確認一筆{amount}的交易",
                preheader="向{merchant}的付款已暫停處理",
                body=[
                    (
                        "您的帳戶於{occurred_at|datetime:long}向{merchant}付款{amount}，"
                        "此交易與您平常的使用習慣不符，為保障資金安全，我們已暫停處理。"
                    ),
                    (
                        "如為本人操作，請於App確認，交易將繼續完成；如非本人操作，"
                        "請立即致電客服專線{hotline}，我們將協助您保護帳戶安全。"
                    ),
                    "我們不會透過電話、簡訊或電子郵件向您索取密碼或驗證碼。",
                ],
                title="請確認一筆交易",
                in_app=(
                    "您的帳戶於{occurred_at|datetime:short}向{merchant}付款{amount}，"
                    "已暫停處理，是否為本人操作？"
                ),
            ),
        ],
    )


def _maintenance_open_ended(v: dict[str, Variable]) -> NoticeTemplate:
    return NoticeTemplate(
        "maintenance_open_ended",
        description=(
            "Maintenance with no announced end (until further notice): when it starts, "
            "with the time of the next status update."
        ),
        sms_segments=2,
        variables=[
            v["brand"],
            Variable("start", T.INSTANT, description="When the maintenance began"),
            Variable("next_update", T.INSTANT, description="The latest time of the next update"),
            _services(),
            v["hotline"],
            v["details_url"],
        ],
        texts=[
            _texts(
                "en",
                sms=(
                    "{brand}: maintenance began at {start|datetime:medium} and has no confirmed "
                    "end yet. {services} will stay unavailable. We will update you by "
                    "{next_update|datetime:medium}. Queued withdrawals are safe and will be paid "
                    "out in order. Call {hotline}."
                ),
                subject="Maintenance in progress: no end time confirmed yet",
                preheader="Next update by {next_update|datetime:short}",
                body=[
                    (
                        "Our maintenance began at {start|datetime:long}. We cannot yet confirm "
                        "when it will end, and {services|lower} will stay unavailable until it "
                        "does."
                    ),
                    (
                        "We will send you an update by {next_update|datetime:long} at the latest, "
                        "and as soon as the end time is known. Withdrawal requests stay in the "
                        "queue and are paid out in order when the maintenance ends."
                    ),
                    (
                        "We apologise for the inconvenience. If you have any questions, "
                        "please call {hotline}."
                    ),
                ],
                title="Maintenance in progress",
                in_app=(
                    "{services} unavailable; no end time confirmed yet. Next update by "
                    "{next_update|datetime:medium}. Queued withdrawals are safe."
                ),
            ),
            _texts(
                "zh-Hans",
                sms=(
                    "【{brand}】系统维护已于{start|datetime:medium}开始，结束时间未定，"
                    "{services}服务暂停。将于{next_update|datetime:medium}前告知进展。"
                    "已排队的提现申请不会丢失。客服热线{hotline}。"
                ),
                subject="系统维护进行中：结束时间暂未确定",
                preheader="最新进展将于{next_update|datetime:short}前告知",
                body=[
                    (
                        "系统维护已于{start|datetime:long}开始，目前尚无法确定结束时间，"
                        "维护结束前{services}服务暂停。"
                    ),
                    (
                        "我们将最迟于{next_update|datetime:long}前告知最新进展，结束时间确定后"
                        "也会第一时间通知您。提现申请保留在队列中，维护结束后依次处理。"
                    ),
                    "给您带来不便，我们深表歉意。如有疑问，请致电客服热线{hotline}。",
                ],
                title="系统维护进行中",
                in_app=(
                    "{services}服务暂停，结束时间暂未确定，最新进展将于"
                    "{next_update|datetime:medium}前告知。已排队的提现申请不会丢失。"
                ),
            ),
            _texts(
                "zh-Hant",
                sms=(
                    "【{brand}】系統維護已於{start|datetime:medium}開始，結束時間未定，"
                    "{services}服務暫停。將於{next_update|datetime:medium}前告知進度。"
                    "已排隊的提款申請不會遺失。客服專線{hotline}。"
                ),
                subject="系統維護進行中：結束時間暫未確定",
                preheader="最新進度將於{next_update|datetime:short}前告知",
                body=[
                    (
                        "系統維護已於{start|datetime:long}開始，目前尚無法確定結束時間，"
                        "維護結束前{services}服務暫停。"
                    ),
                    (
                        "我們將最遲於{next_update|datetime:long}前告知最新進度，結束時間確定後"
                        "也會第一時間通知您。提款申請保留在佇列中，維護結束後依序處理。"
                    ),
                    "造成不便，我們深感抱歉。如有疑問，請致電客服專線{hotline}。",
                ],
                title="系統維護進行中",
                in_app=(
                    "{services}服務暫停，結束時間暫未確定，最新進度將於"
                    "{next_update|datetime:medium}前告知。已排隊的提款申請不會遺失。"
                ),
            ),
        ],
    )


def _maintenance_update(v: dict[str, Variable]) -> NoticeTemplate:
    return NoticeTemplate(
        "maintenance_update",
        description=(
            "A status update on maintenance that has no announced end (owed every few hours "
            "until it ends or an end is announced)."
        ),
        sms_segments=2,
        variables=[
            v["brand"],
            Variable("start", T.INSTANT, description="When the maintenance began"),
            Variable("next_update", T.INSTANT, description="The latest time of the next update"),
            _services(),
            v["hotline"],
            v["details_url"],
        ],
        texts=[
            _texts(
                "en",
                sms=(
                    "{brand}: the maintenance that began at {start|datetime:medium} is still in "
                    "progress; {services} will stay unavailable. No end time is confirmed yet. "
                    "Next update by {next_update|datetime:medium}. Queued withdrawals are safe. "
                    "Call {hotline}."
                ),
                subject="Maintenance update: still in progress",
                preheader="Next update by {next_update|datetime:short}",
                body=[
                    (
                        "The maintenance that began at {start|datetime:long} is still in "
                        "progress, and {services|lower} will stay unavailable until it ends. "
                        "We cannot yet confirm the end time."
                    ),
                    (
                        "Your queued withdrawal requests are safe and will be paid out in order "
                        "when it ends. Our next update will come by {next_update|datetime:long} "
                        "at the latest."
                    ),
                    "We apologise for the wait. If you have any questions, please call {hotline}.",
                ],
                title="Maintenance update",
                in_app=(
                    "Maintenance is still in progress; no end time confirmed yet. Next update "
                    "by {next_update|datetime:medium}. Queued withdrawals are safe."
                ),
            ),
            _texts(
                "zh-Hans",
                sms=(
                    "【{brand}】{start|datetime:medium}开始的系统维护仍在进行，"
                    "{services}服务暂停，结束时间未定。下次通知不晚于"
                    "{next_update|datetime:medium}。排队中的提现不会丢失。客服热线{hotline}。"
                ),
                subject="系统维护进展：维护仍在进行",
                preheader="下次进展通知不晚于{next_update|datetime:short}",
                body=[
                    (
                        "{start|datetime:long}开始的系统维护仍在进行，维护结束前{services}服务"
                        "继续暂停，目前尚无法确定结束时间。"
                    ),
                    (
                        "已排队的提现申请保留在队列中，维护结束后依次处理。下次进展通知"
                        "最迟于{next_update|datetime:long}发出。"
                    ),
                    "给您带来不便，我们深表歉意。如有疑问，请致电客服热线{hotline}。",
                ],
                title="系统维护进展",
                in_app=(
                    "系统维护仍在进行，结束时间尚未确定，下次进展通知不晚于"
                    "{next_update|datetime:medium}。已排队的提现申请不会丢失。"
                ),
            ),
            _texts(
                "zh-Hant",
                sms=(
                    "【{brand}】{start|datetime:medium}開始的系統維護仍在進行，"
                    "{services}服務暫停，結束時間未定。下次通知不晚於"
                    "{next_update|datetime:medium}。排隊中的提款不會遺失。客服專線{hotline}。"
                ),
                subject="系統維護進度：維護仍在進行",
                preheader="下次進度通知不晚於{next_update|datetime:short}",
                body=[
                    (
                        "{start|datetime:long}開始的系統維護仍在進行，維護結束前{services}服務"
                        "繼續暫停，目前尚無法確定結束時間。"
                    ),
                    (
                        "已排隊的提款申請保留在佇列中，維護結束後依序處理。下次進度通知"
                        "最遲於{next_update|datetime:long}發出。"
                    ),
                    "造成不便，我們深感抱歉。如有疑問，請致電客服專線{hotline}。",
                ],
                title="系統維護進度",
                in_app=(
                    "系統維護仍在進行，結束時間尚未確定，下次進度通知不晚於"
                    "{next_update|datetime:medium}。已排隊的提款申請不會遺失。"
                ),
            ),
        ],
    )


_BUILDERS: Final = (
    _maintenance_announced,
    _maintenance_extended,
    _maintenance_finished,
    _withdrawal_queued,
    _withdrawal_released,
    _complaint_acknowledged,
    _complaint_deadline_explained,
    _complaint_progress,
    _resolution_proposed,
    _complaint_redirected,
    _feedback_request,
    _payment_reminder,
    _payment_expired,
    _security_alert,
    _maintenance_open_ended,
    _maintenance_update,
)

#: The names of the built-in notices, in the order a customer meets them.
CATALOG_NAMES: Final = tuple(b.__name__.lstrip("_") for b in _BUILDERS)


@functools.cache
def _catalog(hosts: tuple[str, ...]) -> Mapping[str, NoticeTemplate]:
    common = _common(hosts)
    templates = [build(common) for build in _BUILDERS]
    return {t.name: t for t in templates}


def catalog(hosts: Iterable[str] = DEFAULT_LINK_HOSTS) -> Mapping[str, NoticeTemplate]:
    """The built-in notices by name, with links allowed to point at `hosts`.

    Every notice has texts in en, zh-Hans and zh-Hant, and all three channels (SMS,
    email with subject, preheader, text and HTML, in-app with title, body and link). Each
    has an SMS budget of 2 segments. Built once per set of hosts.

    Example:
        ```python
        from supportflow.notices import CATALOG_NAMES, catalog

        notices = catalog(hosts=["app.aurumpay.example"])
        assert list(notices) == list(CATALOG_NAMES)
        assert notices["security_alert"].locales == ("en", "zh-Hans", "zh-Hant")
        ```

    Raises:
        InvalidFieldError: a host is not a lower-case host name.
    """
    return dict(_catalog(_validators.items_of("hosts", hosts, str)))


_START: Final = pendulum.datetime(2026, 3, 13, 18, 0, tz="UTC")  # Sat 14 Mar 02:00 in Beijing


def example_values(name: str, *, host: str = DEFAULT_LINK_HOSTS[0]) -> dict[str, object]:
    """Realistic values for the catalog notice `name` (used by the docs' gallery and tests).

    Raises:
        InvalidFieldError: `name` is not a catalog notice, or `host` is not a string.
    """
    if name not in CATALOG_NAMES:
        raise InvalidFieldError("name", name, f"be one of {', '.join(CATALOG_NAMES)}")
    _validators.text("host", host)
    start, end = _START, _START.add(hours=4)
    base: dict[str, object] = {
        "brand": "AurumPay",
        "hotline": "400-820-8820",
        "details_url": f"https://{host}/n/{name.replace('_', '-')}",
    }
    money = Money(Decimal("5000.00"), "CNY")
    specific: dict[str, dict[str, object]] = {
        "maintenance_announced": {
            "start": start,
            "end": end,
            "duration": end - start,
            "services": "deposits_and_withdrawals",
        },
        "maintenance_extended": {
            "previous_end": end,
            "new_end": end.add(hours=2),
            "services": "withdrawals",
        },
        "maintenance_finished": {
            "ended_at": end.add(hours=1, minutes=40),
            "services": "withdrawals",
        },
        "withdrawal_queued": {"reference": "WD-20260314-0042", "amount": money, "expected_by": end},
        "withdrawal_released": {
            "reference": "WD-20260314-0042",
            "amount": money,
            "released_at": end.add(minutes=12),
        },
        "complaint_acknowledged": {
            "reference": "CMP-2026-0815",
            "reply_by": start.add(days=1),
            "summary": "My withdrawal has been pending for 3 days <b>and nobody answers</b>",
        },
        "complaint_deadline_explained": {
            "reference": "CMP-2026-0815",
            # Received 16 Sep 2026: day 15 is 1 Oct, inside the 1-7 Oct holiday (checked by
            # hand against the State Council's 2026 notice): 8 Oct 24:00 Beijing time.
            "reply_by": pendulum.datetime(2026, 10, 8, 16, 0, tz="UTC"),
            "why": "1-7 Oct 2026 is the National Day holiday",
        },
        "complaint_progress": {
            "reference": "CMP-2026-0815",
            "stage": "escalated",
            "eta": start.add(days=5, hours=-8),
        },
        "resolution_proposed": {
            "reference": "CMP-2026-0815",
            "resolution": "compensation",
            "respond_by": start.add(days=14),
        },
        "complaint_redirected": {
            "reference": "CMP-2026-0816",
            "redirect_to": "issuing_bank",
            "contact": "95588",
        },
        "feedback_request": {"reference": "CMP-2026-0815"},
        "payment_reminder": {
            "merchant": "Golden Bay Mall",
            "amount": Money(Decimal("1288.00"), "HKD"),
            "reference": "PO-88231",
            "expires_at": start.add(minutes=15),
        },
        "payment_expired": {
            "merchant": "Golden Bay Mall",
            "amount": Money(Decimal("1288.00"), "HKD"),
            "reference": "PO-88231",
            "expired_at": start.add(minutes=15),
        },
        "security_alert": {
            "amount": Money(Decimal("49999.00"), "USD"),
            "merchant": "Nova Electronics",
            "occurred_at": start.add(days=-2, hours=-3),
        },
        "maintenance_open_ended": {
            "start": start,
            "next_update": start.add(hours=4),
            "services": "withdrawals",
        },
        "maintenance_update": {
            "start": start,
            "next_update": start.add(hours=8),
            "services": "withdrawals",
        },
    }
    return {**base, **specific[name]}
