import type { TemplateInput } from '../templates/index.js'
import { NOTICE_KINDS, type NoticeKind, noticeTemplate } from './plan.js'

/**
 * The shipping notices' starter templates, per kind, locale (`ko`, `en`) and channel. Besides `customer`,
 * `order`, `recommendations` and `links` (`tracking`, `help`, `chat`, `preferences`), they see `shipment`:
 * `carrier`, `trackingNumber`, `location`, `promise` ("Tue 12 Nov") and `range` ("Tue 12 - Thu 14 Nov"),
 * already in the reader's words, or null when not known; `content`: the shop's blocks for what was bought;
 * `shop.social`. Order updates are not marketing: no "(광고)", and they go at night too.
 */
interface Words {
  subject: string
  lead: string
  short: string
}

const EN: Record<NoticeKind, Words> = {
  shipped: {
    subject: 'Your order {{ order.id }} is on its way',
    lead: 'Good news: your order has left us{% if shipment.carrier %} with {{ shipment.carrier }}{% endif %}.',
    short: 'Your order {{ order.id }} is on its way',
  },
  out_for_delivery: {
    subject: 'Your order {{ order.id }} arrives today',
    lead: 'Your parcel is out for delivery and should reach you today.',
    short: 'Your order {{ order.id }} is out for delivery today',
  },
  delivered: {
    subject: 'Your order {{ order.id }} has been delivered',
    lead: 'Your parcel has been delivered{% if shipment.location %} ({{ shipment.location }}){% endif %}. We hope you love it.',
    short: 'Your order {{ order.id }} has been delivered',
  },
  attempt_fail: {
    subject: 'We missed you: order {{ order.id }}',
    lead: '{{ shipment.carrier | default: "The carrier" }} tried to deliver your parcel but could not. They will try again, or you can arrange a new time.',
    short: 'A delivery attempt for order {{ order.id }} failed; they will try again',
  },
  available_for_pickup: {
    subject: 'Your order {{ order.id }} is ready to collect',
    lead: 'Your parcel is waiting for you{% if shipment.location %} at {{ shipment.location }}{% endif %}.',
    short: 'Your order {{ order.id }} is ready to collect',
  },
  exception: {
    subject: 'A problem with the delivery of order {{ order.id }}',
    lead: '{{ shipment.carrier | default: "The carrier" }} reports a problem with your parcel. We are on it and will tell you as soon as it moves again.',
    short: 'A problem with the delivery of order {{ order.id }}: we are on it',
  },
  delayed: {
    subject: 'Your order {{ order.id }} is running late',
    lead: 'Your parcel is taking longer than it should. We are sorry, and we are keeping an eye on it.',
    short: 'Your order {{ order.id }} is running late; we are on it',
  },
  return_received: {
    subject: 'We received your return for order {{ order.id }}',
    lead: 'Your return has arrived. We will refund you shortly.',
    short: 'We received your return for order {{ order.id }}',
  },
  refunded: {
    subject: 'Your refund for order {{ order.id }}',
    lead: 'Your refund has been issued. Depending on your bank it can take a few days to show.',
    short: 'Your refund for order {{ order.id }} has been issued',
  },
}

const KO: Record<NoticeKind, Words> = {
  shipped: {
    subject: '주문 {{ order.id }} 상품이 출발했어요',
    lead: '주문하신 상품이{% if shipment.carrier %} {{ shipment.carrier }}(으)로{% endif %} 출발했어요.',
    short: '주문 {{ order.id }} 상품이 출발했어요',
  },
  out_for_delivery: {
    subject: '주문 {{ order.id }} 상품이 오늘 도착해요',
    lead: '상품이 배송 중이며 오늘 도착할 예정이에요.',
    short: '주문 {{ order.id }} 상품이 오늘 도착해요',
  },
  delivered: {
    subject: '주문 {{ order.id }} 상품이 도착했어요',
    lead: '상품이 도착했어요{% if shipment.location %} ({{ shipment.location }}){% endif %}. 마음에 드시길 바라요.',
    short: '주문 {{ order.id }} 상품이 도착했어요',
  },
  attempt_fail: {
    subject: '주문 {{ order.id }} 배송을 하지 못했어요',
    lead: '{{ shipment.carrier | default: "택배사" }}에서 배송을 시도했지만 전해 드리지 못했어요. 다시 배송하거나 원하시는 시간을 정할 수 있어요.',
    short: '주문 {{ order.id }} 배송 시도가 실패했어요. 다시 배송할 예정이에요',
  },
  available_for_pickup: {
    subject: '주문 {{ order.id }} 상품을 찾아가실 수 있어요',
    lead: '상품이{% if shipment.location %} {{ shipment.location }}에서{% endif %} 기다리고 있어요.',
    short: '주문 {{ order.id }} 상품을 찾아가실 수 있어요',
  },
  exception: {
    subject: '주문 {{ order.id }} 배송에 문제가 생겼어요',
    lead: '{{ shipment.carrier | default: "택배사" }}에서 배송 문제를 알려 왔어요. 확인 중이며 다시 움직이면 바로 알려 드릴게요.',
    short: '주문 {{ order.id }} 배송에 문제가 생겨 확인 중이에요',
  },
  delayed: {
    subject: '주문 {{ order.id }} 배송이 늦어지고 있어요',
    lead: '배송이 예정보다 늦어지고 있어요. 죄송합니다. 계속 살펴보고 있어요.',
    short: '주문 {{ order.id }} 배송이 늦어지고 있어요. 확인 중이에요',
  },
  return_received: {
    subject: '주문 {{ order.id }} 반품 상품을 받았어요',
    lead: '반품하신 상품이 도착했어요. 곧 환불해 드릴게요.',
    short: '주문 {{ order.id }} 반품 상품을 받았어요',
  },
  refunded: {
    subject: '주문 {{ order.id }} 환불이 완료되었어요',
    lead: '환불이 처리되었어요. 카드사에 따라 며칠 걸릴 수 있어요.',
    short: '주문 {{ order.id }} 환불이 완료되었어요',
  },
}

const LABELS = {
  en: {
    hello: 'Hi{% if customer.name %} {{ customer.name }}{% endif %},',
    order: 'Order {{ order.id }}',
    promise:
      '{% if shipment.promise %}Expected: {{ shipment.range | default: shipment.promise }}, at the latest {{ shipment.promise }}.{% endif %}',
    tracking: 'Track your parcel',
    pairs: 'Goes well with your order',
    help: 'Questions? {% if links.chat %}Chat with an expert: {{ links.chat }}{% endif %}{% if links.help %} · Help: {{ links.help }}{% endif %}',
    preferences: 'Choose how we tell you about your orders',
  },
  ko: {
    hello: '{% if customer.name %}{{ customer.name }}님, {% endif %}안녕하세요.',
    order: '주문번호 {{ order.id }}',
    promise:
      '{% if shipment.promise %}도착 예정: {{ shipment.range | default: shipment.promise }} (늦어도 {{ shipment.promise }}){% endif %}',
    tracking: '배송 조회',
    pairs: '함께 쓰면 좋은 상품',
    help: '궁금한 점이 있으신가요? {% if links.chat %}전문가 상담: {{ links.chat }}{% endif %}{% if links.help %} · 고객센터: {{ links.help }}{% endif %}',
    preferences: '주문 알림 받는 방법 바꾸기',
  },
}

function emailOf(words: Words, l: (typeof LABELS)['en']) {
  const text = [
    l.hello,
    `${l.order}: ${words.lead}`,
    l.promise,
    '{% for block in content %}{{ block.title }}: {{ block.body }}{% if block.link %} {{ block.link.url }}{% endif %}\n{% endfor %}',
    `${l.tracking}: {{ links.tracking }}`,
    `{% if recommendations.size > 0 %}${l.pairs}:\n{% for r in recommendations %}- {{ r.name }}{% if r.url %} {{ r.url }}{% endif %}\n{% endfor %}{% endif %}`,
    `{% if links.chat or links.help %}${l.help}{% endif %}`,
    `{% for s in shop.social %}{{ s.label }}: {{ s.url }}  {% endfor %}`,
    `{% if links.preferences %}${l.preferences}: {{ links.preferences }}{% endif %}`,
  ].join('\n\n')
  const html = `<!doctype html><html><body style="font-family:system-ui,sans-serif;line-height:1.5;max-width:560px">
<p>${l.hello}</p><p style="color:#6b6760;font-size:13px">${l.order}</p><p>${words.lead}</p>{% if shipment.promise %}<p><strong>${l.promise}</strong></p>{% endif %}
<p><a href="{{ links.tracking }}" style="display:inline-block;padding:10px 18px;border-radius:8px;background:#1d1d1f;color:#fff;text-decoration:none;font-weight:600">${l.tracking}</a></p>
{% for block in content %}<div style="border:1px solid #e4e0d8;border-radius:8px;padding:10px 14px;margin:10px 0"><strong>{{ block.title }}</strong><p style="margin:4px 0">{{ block.body }}</p>{% if block.link %}<a href="{{ block.link.url }}">{{ block.link.label }}</a>{% endif %}</div>{% endfor %}
{% if recommendations.size > 0 %}<p><strong>${l.pairs}</strong></p><table role="presentation"><tr>{% for r in recommendations %}<td style="width:25%;vertical-align:top;padding:4px;text-align:center"><a href="{{ r.url }}" style="color:inherit;text-decoration:none">{% if r.imageUrl %}<img src="{{ r.imageUrl }}" alt="" width="120" style="border-radius:6px;max-width:100%"><br>{% endif %}{{ r.name }}</a></td>{% endfor %}</tr></table>{% endif %}
{% if links.chat or links.help %}<p>${l.help}</p>{% endif %}
<p style="color:#8a857c;font-size:12px">{% for s in shop.social %}<a href="{{ s.url }}">{{ s.label }}</a> · {% endfor %}{% if links.preferences %}<a href="{{ links.preferences }}">${l.preferences}</a>{% endif %}</p>
</body></html>`
  return { text, html }
}

/** Every shipping notice per locale and channel: e-mail with its content, SMS and messenger short. */
export function shippingTemplates(): TemplateInput[] {
  return (['ko', 'en'] as const).flatMap((locale) =>
    NOTICE_KINDS.flatMap((kind): TemplateInput[] => {
      const words = (locale === 'ko' ? KO : EN)[kind]
      const short = `[{{ shop.name }}] ${words.short}. ${LABELS[locale].tracking}: {{ links.tracking }}`
      const name = noticeTemplate(kind)
      return [
        {
          name,
          channel: 'email',
          locale,
          subject: `[{{ shop.name }}] ${words.subject}`,
          ...emailOf(words, LABELS[locale]),
        },
        { name, channel: 'sms', locale, subject: null, text: short, html: null },
        { name, channel: 'messenger', locale, subject: null, text: short, html: null },
      ]
    }),
  )
}
