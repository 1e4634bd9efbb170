import type { TemplateInput } from './store.js'

/**
 * The gift notices (src/gift-notices), kept apart from the campaigns' starters: a receiver hears of a gift,
 * a giver of what became of theirs. Besides `customer`, `coupon` and `links`, they see `gift`: `giverName`
 * and `receiverName` (first names), `message`, `claimBy` and, on the coupon, `headline`, `minOrder`,
 * `validUntil` (all already in the reader's words and time zone) and `expired`.
 */
export const GIFT_TEMPLATE_NAMES = [
  'gift_received',
  'gift_claimed',
  'gift_declined',
  'gift_cancelled',
  'gift_expired',
] as const
export type GiftTemplateName = (typeof GIFT_TEMPLATE_NAMES)[number]

interface Notice {
  subject: string
  /** Plain text, Liquid: the e-mail's text part (paragraphs split by a blank line). */
  body: string
  /** What the e-mail's button says, and where it goes. */
  button: { label: string; href: string }
  /** The short version for SMS and messenger, with its link. */
  short: string
}

const CLAIM_OR_WALLET = '{% if links.claim %}{{ links.claim }}{% else %}{{ links.wallet }}{% endif %}'

const EN_GIVER = '{{ gift.giverName | default: "A friend" }}'
const EN_RECEIVER = '{{ gift.receiverName | default: "Your friend" }}'
const EN_HELLO = 'Hi{% if customer.name %} {{ customer.name }}{% endif %},'
const EN_WALLET = '\n\n{% if links.wallet %}Your coupon wallet: {{ links.wallet }}{% endif %}'
const EN_BACK =
  'The coupon ({{ coupon.headline }}) is back in your wallet{% if coupon.expired %}, but its time is over: it has expired{% else %}. {{ coupon.validUntil }}{% endif %}.'

const EN: Record<GiftTemplateName, Notice> = {
  gift_received: {
    subject: `${EN_GIVER} sent you a gift from {{ shop.name }}`,
    body: `${EN_HELLO}\n\n${EN_GIVER} sent you a coupon from {{ shop.name }}: {{ coupon.headline }}{% if coupon.minOrder %} ({{ coupon.minOrder }}){% endif %}.{% if gift.message %}\n\n“{{ gift.message }}”{% endif %}\n\n{% if links.claim %}Claim it by {{ gift.claimBy }}: {{ links.claim }}{% else %}It is waiting in your coupon wallet: accept it by {{ gift.claimBy }}. {{ links.wallet }}{% endif %}`,
    button: {
      label: '{% if links.claim %}Claim your gift{% else %}Open your wallet{% endif %}',
      href: CLAIM_OR_WALLET,
    },
    short: `[{{ shop.name }}] ${EN_GIVER} sent you a gift: {{ coupon.headline }}. {% if links.claim %}Claim it by {{ gift.claimBy }}{% else %}Accept it by {{ gift.claimBy }}{% endif %}: ${CLAIM_OR_WALLET}`,
  },
  gift_claimed: {
    subject: `${EN_RECEIVER} claimed your gift`,
    body: `${EN_HELLO}\n\n${EN_RECEIVER} claimed the coupon you gave ({{ coupon.headline }}){% if gift.joined %} and joined {{ shop.name }} with it{% endif %}. Thank you for passing it on.${EN_WALLET}`,
    button: { label: 'Open your wallet', href: '{{ links.wallet }}' },
    short: `[{{ shop.name }}] ${EN_RECEIVER} claimed your gift ({{ coupon.headline }}). Thank you for passing it on. {{ links.wallet }}`,
  },
  gift_declined: {
    subject: `${EN_RECEIVER} declined your gift`,
    body: `${EN_HELLO}\n\n${EN_RECEIVER} declined the coupon you gave. ${EN_BACK}${EN_WALLET}`,
    button: { label: 'Open your wallet', href: '{{ links.wallet }}' },
    short: `[{{ shop.name }}] ${EN_RECEIVER} declined your gift: the coupon is back in your wallet. {{ links.wallet }}`,
  },
  gift_cancelled: {
    subject: 'You took back your gift',
    body: `${EN_HELLO}\n\nYour gift was taken back before anyone claimed it. ${EN_BACK}${EN_WALLET}`,
    button: { label: 'Open your wallet', href: '{{ links.wallet }}' },
    short:
      '[{{ shop.name }}] Your gift was taken back: the coupon is in your wallet again. {{ links.wallet }}',
  },
  gift_expired: {
    subject: 'Your gift was not claimed in time',
    body: `${EN_HELLO}\n\nThe coupon you gave{% if gift.sentTo %} to {{ gift.sentTo }}{% endif %} was not claimed in time. ${EN_BACK}${EN_WALLET}`,
    button: { label: 'Open your wallet', href: '{{ links.wallet }}' },
    short:
      '[{{ shop.name }}] Your gift was not claimed in time: the coupon is back in your wallet. {{ links.wallet }}',
  },
}

const KO_GIVER = '{{ gift.giverName | default: "친구" }}'
const KO_RECEIVER = '{{ gift.receiverName | default: "친구" }}'
const KO_HELLO = '{% if customer.name %}{{ customer.name }}님, {% endif %}안녕하세요.'
const KO_WALLET = '\n\n{% if links.wallet %}내 쿠폰함: {{ links.wallet }}{% endif %}'
const KO_BACK =
  '쿠폰({{ coupon.headline }})은 다시 쿠폰함에 있어요{% if coupon.expired %}. 다만 사용 기간이 지나 만료되었어요{% else %}. {{ coupon.validUntil }}{% endif %}.'

const KO: Record<GiftTemplateName, Notice> = {
  gift_received: {
    subject: `${KO_GIVER}님이 {{ shop.name }} 쿠폰을 선물했어요`,
    body: `${KO_HELLO}\n\n${KO_GIVER}님이 {{ shop.name }} 쿠폰을 선물했어요: {{ coupon.headline }}{% if coupon.minOrder %} ({{ coupon.minOrder }}){% endif %}.{% if gift.message %}\n\n“{{ gift.message }}”{% endif %}\n\n{% if links.claim %}{{ gift.claimBy }}까지 받아 주세요: {{ links.claim }}{% else %}쿠폰함에서 {{ gift.claimBy }}까지 받을 수 있어요: {{ links.wallet }}{% endif %}`,
    button: { label: '{% if links.claim %}선물 받기{% else %}쿠폰함 열기{% endif %}', href: CLAIM_OR_WALLET },
    short: `[{{ shop.name }}] ${KO_GIVER}님이 쿠폰을 선물했어요: {{ coupon.headline }}. {{ gift.claimBy }}까지 받아 주세요: ${CLAIM_OR_WALLET}`,
  },
  gift_claimed: {
    subject: `${KO_RECEIVER}님이 선물을 받았어요`,
    body: `${KO_HELLO}\n\n${KO_RECEIVER}님이 보내신 쿠폰({{ coupon.headline }})을 받았어요{% if gift.joined %}. 선물 덕분에 {{ shop.name }}에 가입했어요{% endif %}. 선물해 주셔서 감사합니다.${KO_WALLET}`,
    button: { label: '쿠폰함 열기', href: '{{ links.wallet }}' },
    short: `[{{ shop.name }}] ${KO_RECEIVER}님이 보내신 선물({{ coupon.headline }})을 받았어요. 감사합니다. {{ links.wallet }}`,
  },
  gift_declined: {
    subject: `${KO_RECEIVER}님이 선물을 거절했어요`,
    body: `${KO_HELLO}\n\n${KO_RECEIVER}님이 보내신 쿠폰을 거절했어요. ${KO_BACK}${KO_WALLET}`,
    button: { label: '쿠폰함 열기', href: '{{ links.wallet }}' },
    short: `[{{ shop.name }}] ${KO_RECEIVER}님이 선물을 거절해 쿠폰이 쿠폰함으로 돌아왔어요. {{ links.wallet }}`,
  },
  gift_cancelled: {
    subject: '선물을 돌려받았어요',
    body: `${KO_HELLO}\n\n누군가 받기 전에 선물을 돌려받았어요. ${KO_BACK}${KO_WALLET}`,
    button: { label: '쿠폰함 열기', href: '{{ links.wallet }}' },
    short: '[{{ shop.name }}] 선물을 돌려받아 쿠폰이 다시 쿠폰함에 있어요. {{ links.wallet }}',
  },
  gift_expired: {
    subject: '기간 내에 받지 않은 선물이 돌아왔어요',
    body: `${KO_HELLO}\n\n{% if gift.sentTo %}{{ gift.sentTo }}(으)로 {% endif %}보내신 쿠폰을 기간 내에 아무도 받지 않았어요. ${KO_BACK}${KO_WALLET}`,
    button: { label: '쿠폰함 열기', href: '{{ links.wallet }}' },
    short: '[{{ shop.name }}] 기간 내에 받지 않은 선물이 쿠폰함으로 돌아왔어요. {{ links.wallet }}',
  },
}

/** Why the reader gets this and how to stop it; gift notices are not marketing, so no "(광고)". */
const FOOTER = {
  en: {
    text: '\n\n{% if links.unsubscribe %}No more gift notices by e-mail: {{ links.unsubscribe }}\n{% endif %}{% if links.preferences %}Choose what we send you: {{ links.preferences }}\n{% endif %}',
    html: '<p style="color:#8a857c;font-size:12px">{% if links.unsubscribe %}<a href="{{ links.unsubscribe }}">No more gift notices by e-mail</a>{% endif %}{% if links.preferences %} · <a href="{{ links.preferences }}">Choose what we send you</a>{% endif %}</p>',
    short: '{% if links.unsubscribe %} Stop: {{ links.unsubscribe }}{% endif %}',
  },
  ko: {
    text: '\n\n{% if links.unsubscribe %}선물 알림 이메일 받지 않기: {{ links.unsubscribe }}\n{% endif %}{% if links.preferences %}수신 설정: {{ links.preferences }}\n{% endif %}',
    html: '<p style="color:#8a857c;font-size:12px">{% if links.unsubscribe %}<a href="{{ links.unsubscribe }}">선물 알림 이메일 받지 않기</a>{% endif %}{% if links.preferences %} · <a href="{{ links.preferences }}">수신 설정</a>{% endif %}</p>',
    short: '{% if links.unsubscribe %} 알림 끄기: {{ links.unsubscribe }}{% endif %}',
  },
}

/** The html part: each paragraph a <p> (Liquid escapes the values), the button, the footer. */
function htmlOf(notice: Notice, footer: string): string {
  const paragraphs = notice.body
    .split('\n\n')
    .map((p) => `<p>${p.replaceAll('\n', '<br>')}</p>`)
    .join('')
  const button = `<p><a href="${notice.button.href}" style="display:inline-block;padding:10px 18px;border-radius:8px;background:#1d1d1f;color:#fff;text-decoration:none;font-weight:600">${notice.button.label}</a></p>`
  return `<!doctype html><html><body style="font-family:system-ui,sans-serif;line-height:1.5">${paragraphs}${button}${footer}</body></html>`
}

/** The gift notices per locale (`ko`, `en`) and channel (e-mail, SMS, messenger). */
export function giftTemplates(): TemplateInput[] {
  return (['ko', 'en'] as const).flatMap((locale) => {
    const notices = locale === 'ko' ? KO : EN
    const footer = FOOTER[locale]
    return GIFT_TEMPLATE_NAMES.flatMap((name): TemplateInput[] => {
      const notice = notices[name]
      const short = `${notice.short}${footer.short}`
      return [
        {
          name,
          channel: 'email',
          locale,
          subject: notice.subject,
          text: `${notice.body}${footer.text}`,
          html: htmlOf(notice, footer.html),
        },
        { name, channel: 'sms', locale, subject: null, text: short, html: null },
        { name, channel: 'messenger', locale, subject: null, text: short, html: null },
      ]
    })
  })
}
