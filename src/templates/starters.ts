import type { TemplateInput } from './store.js'

/** The starter campaigns' template names, one per message a starter campaign sends. */
export const STARTER_TEMPLATE_NAMES = [
  'cart_reminder',
  'cart_reminder_nudge',
  'out_of_stock_apology',
  'review_follow_up',
  'dormancy_notice',
  'coupon_gift_suggestion',
  'win_back',
] as const
export type StarterTemplateName = (typeof STARTER_TEMPLATE_NAMES)[number]

interface Words {
  subject: string
  /** The message body, Liquid; shared by the e-mail's text and html parts. */
  body: string
  /** The shorter SMS. */
  sms: string
}

const CART_ITEMS = `{% for item in cart.items %}- {{ item.name }}{% if item.quantity %} × {{ item.quantity }}{% endif %}
{% endfor %}`
const COUPON_EN = `{% if coupon %}Your coupon {{ coupon.code }}{% if coupon.expiresAt %} is valid until {{ coupon.expiresAt | date }}{% endif %}.{% endif %}`
const COUPON_KO = `{% if coupon %}쿠폰 코드 {{ coupon.code }}{% if coupon.expiresAt %} ({{ coupon.expiresAt | date }}까지){% endif %}{% endif %}`

const PICKS_EN = `{% if recommendations.size > 0 %}Picked for you:\n{% for r in recommendations %}- {{ r.name }}{% if r.url %} {{ r.url }}{% endif %}\n{% endfor %}{% endif %}`
const PICKS_KO = `{% if recommendations.size > 0 %}고객님을 위해 골랐어요:\n{% for r in recommendations %}- {{ r.name }}{% if r.url %} {{ r.url }}{% endif %}\n{% endfor %}{% endif %}`

const EN: Record<StarterTemplateName, Words> = {
  cart_reminder: {
    subject: 'You left something in your cart at {{ shop.name }}',
    body: `Hi {{ customer.name | default: "there" }},\n\nYour cart is waiting:\n${CART_ITEMS}{% if cart.value %}Total: {{ cart.value | money: cart.currency }}\n{% endif %}{% if cart.url %}Finish your order: {{ cart.url }}\n{% endif %}`,
    sms: '[{{ shop.name }}] Your cart is waiting{% if cart.value %} ({{ cart.value | money: cart.currency }}){% endif %}.',
  },
  cart_reminder_nudge: {
    subject: 'Still thinking it over?',
    body: `Hi {{ customer.name | default: "there" }},\n\nThe items in your cart may not stay in stock for long:\n${CART_ITEMS}${COUPON_EN}\n`,
    sms: '[{{ shop.name }}] Your cart items may sell out soon. {{ coupon.code }}',
  },
  out_of_stock_apology: {
    subject: 'We are sorry about your order',
    body: `Hi {{ customer.name | default: "there" }},\n\nWe could not deliver part of your order{% if order.id %} {{ order.id }}{% endif %} because it sold out, and we are sorry. As an apology, here is a coupon for your next order.\n${COUPON_EN}\n`,
    sms: '[{{ shop.name }}] Sorry, an item in your order sold out. A coupon for you: {{ coupon.code }}',
  },
  review_follow_up: {
    subject: 'Thank you for telling us',
    body: `Hi {{ customer.name | default: "there" }},\n\nThank you for your review. We are sorry the order did not meet your expectations, and we would like to put it right: reply to this message and we will help.\n${COUPON_EN}\n`,
    sms: '[{{ shop.name }}] Thank you for your review. Reply to let us make it right.',
  },
  dormancy_notice: {
    subject: 'Your {{ shop.name }} account will be set to dormant in 30 days',
    body: `Hi {{ customer.name | default: "there" }},\n\nYou have not visited us for a while. To protect your personal information, your account will be set to dormant{% if signal.dormantAt %} on {{ signal.dormantAt | date }}{% else %} in 30 days{% endif %}. Sign in before then to keep it active.\n`,
    sms: '[{{ shop.name }}] Your account will be set to dormant in 30 days. Sign in to keep it active.',
  },
  coupon_gift_suggestion: {
    subject: 'Your coupon expires soon: use it or give it to a friend',
    body: `Hi {{ customer.name | default: "there" }},\n\n${COUPON_EN} If you will not use it, you can give it to a friend from your coupon wallet.\n`,
    sms: '[{{ shop.name }}] Your coupon expires soon. Use it or gift it to a friend{% if links.wallet %}: {{ links.wallet }}{% endif %}',
  },
  win_back: {
    subject: 'It has been a while: here is what is new at {{ shop.name }}',
    body: `Hi {{ customer.name | default: "there" }},\n\nWe have not seen you in a while and we would love to welcome you back.\n${PICKS_EN}${COUPON_EN}\n`,
    sms: '[{{ shop.name }}] It has been a while. Come and see what is new{% if coupon %}: {{ coupon.code }}{% endif %}',
  },
}

const KO: Record<StarterTemplateName, Words> = {
  cart_reminder: {
    subject: '{{ shop.name }} 장바구니에 담아 두신 상품이 있어요',
    body: `{{ customer.name | default: "고객" }}님, 안녕하세요.\n\n장바구니에 담아 두신 상품이에요:\n${CART_ITEMS}{% if cart.value %}합계: {{ cart.value | money: cart.currency }}\n{% endif %}{% if cart.url %}주문 마저 하기: {{ cart.url }}\n{% endif %}`,
    sms: '[{{ shop.name }}] 장바구니에 담아 두신 상품이 기다리고 있어요{% if cart.value %} ({{ cart.value | money: cart.currency }}){% endif %}.',
  },
  cart_reminder_nudge: {
    subject: '아직 고민 중이신가요?',
    body: `{{ customer.name | default: "고객" }}님, 안녕하세요.\n\n장바구니 상품의 재고가 얼마 남지 않았어요:\n${CART_ITEMS}${COUPON_KO}\n`,
    sms: '[{{ shop.name }}] 장바구니 상품이 곧 품절될 수 있어요. {{ coupon.code }}',
  },
  out_of_stock_apology: {
    subject: '주문하신 상품이 품절되어 죄송합니다',
    body: `{{ customer.name | default: "고객" }}님, 안녕하세요.\n\n주문{% if order.id %}({{ order.id }}){% endif %}하신 상품 중 일부가 품절되어 보내 드리지 못했어요. 불편을 드려 죄송합니다. 사과의 마음을 담아 다음 주문에 쓰실 수 있는 쿠폰을 드려요.\n${COUPON_KO}\n`,
    sms: '[{{ shop.name }}] 주문 상품이 품절되어 죄송합니다. 사과 쿠폰: {{ coupon.code }}',
  },
  review_follow_up: {
    subject: '소중한 리뷰 감사합니다',
    body: `{{ customer.name | default: "고객" }}님, 안녕하세요.\n\n리뷰를 남겨 주셔서 감사합니다. 만족스럽지 못하셨다니 죄송해요. 이 메일에 답장해 주시면 바로 도와드릴게요.\n${COUPON_KO}\n`,
    sms: '[{{ shop.name }}] 리뷰 감사합니다. 불편하셨던 점을 답장으로 알려 주시면 도와드릴게요.',
  },
  dormancy_notice: {
    subject: '[{{ shop.name }}] 30일 후 휴면 계정으로 전환될 예정이에요',
    body: `{{ customer.name | default: "고객" }}님, 안녕하세요.\n\n오랫동안 방문하지 않으셔서 개인정보 보호를 위해 {% if signal.dormantAt %}{{ signal.dormantAt | date }}에{% else %}30일 후{% endif %} 계정이 휴면 상태로 전환될 예정이에요. 계속 이용하시려면 그 전에 로그인해 주세요.\n`,
    sms: '[{{ shop.name }}] 30일 후 휴면 계정으로 전환될 예정이에요. 로그인하시면 계속 이용하실 수 있어요.',
  },
  coupon_gift_suggestion: {
    subject: '쿠폰이 곧 만료돼요: 사용하거나 친구에게 선물하세요',
    body: `{{ customer.name | default: "고객" }}님, 안녕하세요.\n\n${COUPON_KO} 쿠폰이 곧 만료돼요. 사용하지 않으신다면 쿠폰함에서 친구에게 선물할 수 있어요.\n`,
    sms: '[{{ shop.name }}] 쿠폰이 곧 만료돼요. 사용하거나 친구에게 선물하세요{% if links.wallet %}: {{ links.wallet }}{% endif %}',
  },
  win_back: {
    subject: '오랜만이에요: {{ shop.name }}의 새 소식을 전해요',
    body: `{{ customer.name | default: "고객" }}님, 안녕하세요.\n\n한동안 뵙지 못했네요. 다시 찾아주시길 기다리고 있어요.\n${PICKS_KO}${COUPON_KO}\n`,
    sms: '[{{ shop.name }}] 오랜만이에요. 새로 들어온 상품을 만나보세요{% if coupon %}: {{ coupon.code }}{% endif %}',
  },
}

const FOOTER: Record<'en' | 'ko', { text: string; links: string; sms: string }> = {
  en: {
    text: '\n{% if links.wallet %}Your coupon wallet: {{ links.wallet }}\n{% endif %}{% if links.preferences %}Choose what we send you: {{ links.preferences }}\n{% endif %}{% if links.unsubscribe %}Unsubscribe: {{ links.unsubscribe }}\n{% endif %}',
    links:
      '{% if links.wallet %}<p><a href="{{ links.wallet }}">Your coupon wallet</a></p>{% endif %}<p style="color:#8a857c;font-size:12px">{% if links.preferences %}<a href="{{ links.preferences }}">Choose what we send you</a> · {% endif %}{% if links.unsubscribe %}<a href="{{ links.unsubscribe }}">Unsubscribe</a>{% endif %}</p>',
    sms: '{% if links.unsubscribe %} Opt out: {{ links.unsubscribe }}{% endif %}',
  },
  ko: {
    text: '\n{% if links.wallet %}내 쿠폰함: {{ links.wallet }}\n{% endif %}{% if links.preferences %}수신 설정: {{ links.preferences }}\n{% endif %}{% if links.unsubscribe %}수신 거부: {{ links.unsubscribe }}\n{% endif %}',
    links:
      '{% if links.wallet %}<p><a href="{{ links.wallet }}">내 쿠폰함</a></p>{% endif %}<p style="color:#8a857c;font-size:12px">{% if links.preferences %}<a href="{{ links.preferences }}">수신 설정</a> · {% endif %}{% if links.unsubscribe %}<a href="{{ links.unsubscribe }}">수신 거부</a>{% endif %}</p>',
    sms: '{% if links.unsubscribe %} 수신거부: {{ links.unsubscribe }}{% endif %}',
  },
}

/** The html part: the same words, each paragraph a <p>, each list line an item (Liquid escapes values). */
function htmlOf(body: string): string {
  const paragraphs = body
    .trim()
    .split('\n\n')
    .map((p) =>
      p.includes('{% for item')
        ? `<ul>${p.replace(/- (\{\{ item\.name)/, '<li>$1').replace(/\n\{% endfor/, '</li>{% endfor')}</ul>`
        : `<p>${p.replaceAll('\n', '<br>')}</p>`,
    )
  return `<!doctype html><html><body style="font-family:system-ui,sans-serif;line-height:1.5">${paragraphs.join('')}`
}

/**
 * Every channel a campaign can send on gets each starter message, so none is skipped for want of a template:
 * the e-mail's words (subject, text, html) where it is read as a document (the log, the shop's webhook), the
 * SMS's where it is short (a KakaoTalk or Messenger notification).
 */
const LONG_FORM = ['email', 'log', 'webhook'] as const
const SHORT_FORM = ['sms', 'messenger'] as const

/** The templates the starter campaigns send, per locale (`ko`, `en`) and channel (all of them). */
export function starterTemplates(): TemplateInput[] {
  return (['ko', 'en'] as const).flatMap((locale) => {
    const words = locale === 'ko' ? KO : EN
    const footer = FOOTER[locale]
    return STARTER_TEMPLATE_NAMES.flatMap((name): TemplateInput[] => [
      ...LONG_FORM.map((channel) => ({
        name,
        channel,
        locale,
        subject: words[name].subject,
        text: `${words[name].body}${footer.text}`,
        html: `${htmlOf(words[name].body)}${footer.links}</body></html>`,
      })),
      ...SHORT_FORM.map((channel) => ({
        name,
        channel,
        locale,
        subject: null,
        text: `${words[name].sms}${footer.sms}`,
        html: null,
      })),
    ])
  })
}
