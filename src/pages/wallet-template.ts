/**
 * The member's wallet page: gifts waiting for them, their coupons (each giftable one with a gift form),
 * and the gifts they sent. Every form posts to `/w/:token/…` and comes back here with a notice.
 */
export const WALLET_PAGE = `{% layout 'layout' %}{% block content %}
<h1>{{ title }}</h1>
{% if hello %}<p>{{ hello }}</p>{% endif %}
{% if notice %}<div class="notice" role="status">{{ notice }}
{% if notice_link %}<p class="link" id="new-claim-link">{{ notice_link }}</p>{% endif %}</div>{% endif %}
{% if error %}<div class="error" role="alert">{{ error }}</div>{% endif %}

{% if incoming.size > 0 %}
<h2>{{ t.incomingTitle }}</h2>
{% for gift in incoming %}
<section class="card incoming" data-gift="{{ gift.id }}">
<p><strong>{{ gift.from }}</strong></p>
{% if gift.message %}<blockquote>{{ gift.message }}</blockquote>{% endif %}
{% render 'coupon-card', coupon: gift.coupon, t: t %}
<p class="terms">{{ gift.claimBy }}</p>
<form method="post" action="{{ base }}/gifts/{{ gift.id }}/accept" class="inline"><button type="submit">{{ t.accept }}</button></form>
<form method="post" action="{{ base }}/gifts/{{ gift.id }}/decline" class="inline"><button type="submit" class="quiet">{{ t.decline }}</button></form>
</section>
{% endfor %}
{% endif %}

<h2>{{ t.couponsTitle }}</h2>
{% if coupons.size == 0 %}<p>{{ t.noCoupons }}</p>{% endif %}
{% for coupon in coupons %}
<section class="owned" data-coupon="{{ coupon.id }}">
{% render 'coupon-card', coupon: coupon, t: t, show_code: true, show_state: true %}
{% if coupon.canGift %}
<details{% if coupon.id == open_coupon %} open{% endif %}>
<summary>{{ t.giveTitle }}</summary>
<form method="post" action="{{ base }}/coupons/{{ coupon.id }}/gift">
<label for="contact-{{ coupon.id }}">{{ t.giveContact }}</label>
<input id="contact-{{ coupon.id }}" name="contact" autocomplete="off"{% if coupon.id == open_coupon %} value="{{ form.contact }}"{% endif %}>
<label for="message-{{ coupon.id }}">{{ t.giveMessage }}</label>
<textarea id="message-{{ coupon.id }}" name="message" maxlength="500">{% if coupon.id == open_coupon %}{{ form.message }}{% endif %}</textarea>
<button type="submit" name="send" value="contact">{{ t.giveSend }}</button>
<button type="submit" name="send" value="link" class="quiet">{{ t.giveLink }}</button>
<p class="terms">{{ t.giveLinkNote }}</p>
</form>
</details>
{% endif %}
</section>
{% endfor %}

{% if sent.size > 0 %}
<h2>{{ t.sentTitle }}</h2>
{% for gift in sent %}
<section class="card sent" data-gift="{{ gift.id }}">
<p><strong>{{ gift.sentTo }}</strong> · <span class="state">{{ gift.stateLabel }}</span></p>
{% if gift.headline %}<p>{{ gift.headline }}</p>{% endif %}
{% if gift.message %}<blockquote>{{ gift.message }}</blockquote>{% endif %}
{% if gift.state == 'pending' %}
<p class="terms">{{ gift.claimBy }}</p>
{% if gift.claimUrl %}<p>{{ t.claimLink }}</p><p class="link claim-link">{{ gift.claimUrl }}</p>{% endif %}
<form method="post" action="{{ base }}/gifts/{{ gift.id }}/cancel" class="inline"><button type="submit" class="quiet">{{ t.takeBack }}</button></form>
{% endif %}
</section>
{% endfor %}
{% endif %}
{% endblock %}`
