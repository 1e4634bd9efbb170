/** The claim link's pages: the offer with its form, the result, and the coupon card they share. */

/** A coupon's value and terms; the code only where the reader owns it (`show_code`). */
export const COUPON_CARD = `<div class="card coupon">
<div class="kind">{{ coupon.kind }}</div>
<div class="headline">{{ coupon.headline }}</div>
{% if coupon.minOrder %}<div class="terms">{{ coupon.minOrder }}</div>{% endif %}
<div class="terms">{{ coupon.validUntil }}</div>
{% if show_code %}<div class="terms">{{ t.code }}: <span class="small-code">{{ coupon.code }}</span></div>{% endif %}
{% if show_state %}<span class="state state-{{ coupon.state }}">{{ coupon.stateLabel }}</span>{% endif %}
</div>`

const fieldError = (name: string) =>
  `{% if errors.${name} %}<p class="field-error" id="${name}-error">{{ errors.${name} }}</p>{% endif %}`

/** The gift and an explicit choice: claim with e-mail and name, or say no. Viewing it changes nothing. */
export const CLAIM_PAGE = `{% layout 'layout' %}{% block content %}
<h1>{{ from }}</h1>
{% if gift.message %}<blockquote>{{ gift.message }}</blockquote>{% endif %}
{% render 'coupon-card', coupon: coupon, t: t %}
<p class="terms">{{ gift.claimBy }}</p>
{% if error %}<div class="error" role="alert">{{ error }}</div>{% endif %}
<form method="post" action="/g/{{ token }}/claim">
<p>{{ t.claimIntro }}</p>
<label for="email">{{ t.email }}</label>
<input id="email" name="email" type="email" autocomplete="email" required value="{{ form.email }}">
${fieldError('email')}
<label for="name">{{ t.name }}</label>
<input id="name" name="name" autocomplete="name" required maxlength="100" value="{{ form.name }}">
${fieldError('name')}
<label for="phone">{{ t.phone }}</label>
<input id="phone" name="phone" type="tel" autocomplete="tel" value="{{ form.phone }}">
${fieldError('phone')}
<button type="submit">{{ t.claim }}</button>
</form>
<form method="post" action="/g/{{ token }}/decline" class="inline">
<button type="submit" class="quiet">{{ t.noThanks }}</button>
</form>
{% endblock %}`

/** After a claim: a newcomer sees their code and wallet; an existing member only where the coupon went. */
export const CLAIMED_PAGE = `{% layout 'layout' %}{% block content %}
<h1>{{ title }}</h1>
{% if show_code %}
<p>{{ t.useCode }}</p>
<div class="code" id="coupon-code">{{ coupon.code }}</div>
{% render 'coupon-card', coupon: coupon, t: t %}
{% if wallet_url %}<p><a class="button" href="{{ wallet_url }}">{{ t.openWallet }}</a></p>
<p class="terms">{{ t.keepWalletLink }}</p>{% endif %}
{% endif %}
{% if text %}<p>{{ text }}</p>{% endif %}
{% endblock %}`
