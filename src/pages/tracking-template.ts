/**
 * The tracking page `/t/:token`: the order's parcels with their promise and timeline, its items, the shop's
 * content for them, help, a board of what goes with it, and the channel order updates go by.
 */
export const TRACKING_PAGE = `{% layout 'layout' %}{% block content %}
<p class="kind">{{ order_label }}</p>
<h1>{{ headline }}</h1>
{% if notice %}<div class="notice" role="status">{{ notice }}</div>{% endif %}
{% for parcel in parcels %}
<section class="card parcel" data-shipment="{{ parcel.id }}">
{% if parcels.size > 1 %}<p class="kind">{{ parcel.label }}</p>{% endif %}
<p><span class="state state-{{ parcel.status }}">{{ parcel.statusText }}</span></p>
{% if parcel.expected %}<p class="promise" id="promise">{{ parcel.expected }}</p><p class="muted">{{ parcel.latest }}</p>{% elsif parcel.unknown %}<p class="muted">{{ parcel.unknown }}</p>{% endif %}
{% if parcel.carrier %}<p class="muted">{{ t.carrier }}: {{ parcel.carrier }}{% if parcel.trackingNumber %} · {{ t.trackingNumber }}: <span class="small-code">{{ parcel.trackingNumber }}</span>{% endif %}</p>{% endif %}
<details{% if forloop.first %} open{% endif %}><summary>{{ t.timeline }}</summary>
<ol class="timeline">{% for step in parcel.timeline %}<li{% if forloop.first %} class="now"{% endif %}><strong>{{ step.status }}</strong><br><span class="muted">{{ step.at }}{% if step.location %} · {{ step.location }}{% endif %}</span></li>{% endfor %}</ol>
</details>
</section>
{% endfor %}
{% if items.size > 0 %}
<h2>{{ t.items }}</h2>
<ul class="items">{% for item in items %}<li>{% if item.image %}<img src="{{ item.image }}" alt="" loading="lazy">{% endif %}<span>{{ item.name }}{% if item.quantity %} <span class="muted">{{ item.quantity }}</span>{% endif %}</span></li>{% endfor %}</ul>
{% endif %}
{% if blocks.size > 0 %}
<h2>{{ t.forYourOrder }}</h2>
{% for block in blocks %}<section class="card"><strong>{{ block.title }}</strong><p>{{ block.body }}</p>{% if block.link %}<a href="{{ block.link.url }}">{{ block.link.label }}</a>{% endif %}</section>{% endfor %}
{% endif %}
{% if board.size > 0 %}
<h2>{{ t.board }}</h2>
<div class="board" id="board">{% for r in board %}<a href="{{ r.href }}">{% if r.image %}<img src="{{ r.image }}" alt="" loading="lazy">{% endif %}<span>{{ r.name }}</span>{% if r.price %}<span class="price">{{ r.price }}</span>{% endif %}</a>{% endfor %}</div>
{% endif %}
{% if chat or help %}
<h2>{{ t.help }}</h2>
<p>{% if chat %}<a class="button" href="{{ chat }}">{{ t.chat }}</a>{% endif %}{% if help %}<a class="button quiet" href="{{ help }}">{{ t.helpCentre }}</a>{% endif %}</p>
{% endif %}
{% if social.size > 0 %}<p class="muted">{% for s in social %}<a href="{{ s.url }}">{{ s.label }}</a>{% unless forloop.last %} · {% endunless %}{% endfor %}</p>{% endif %}
<h2>{{ t.updatesTitle }}</h2>
<form method="post" action="{{ base }}/channel" class="card" id="channel">
<p class="muted">{{ updates_now }}</p>
{% for c in channels %}<label class="choice"><input type="radio" name="channel" value="{{ c.value }}"{% if c.chosen %} checked{% endif %}> {{ c.label }}</label>{% endfor %}
<button type="submit">{{ t.save }}</button>
</form>
{% endblock %}`

/** `/t`: find an order by its number and the buyer's e-mail, or a parcel by its tracking number. */
export const TRACKING_FIND_PAGE = `{% layout 'layout' %}{% block content %}
<h1>{{ title }}</h1>
{% if error %}<div class="error" role="alert">{{ error }}</div>{% endif %}
<form method="post" action="/t" class="card">
<p>{{ text }}</p>
<label for="order">{{ order_label }}</label><input id="order" name="order" value="{{ order }}" autocomplete="off" required>
<label for="email">{{ email_label }}</label><input id="email" name="email" type="email" value="{{ email }}" autocomplete="email" required>
<button type="submit">{{ find }}</button>
</form>
<form method="get" action="/t" class="card">
<label for="tracking">{{ by_tracking }}</label><input id="tracking" name="tracking" autocomplete="off" required>
<button type="submit" class="quiet">{{ find }}</button>
</form>
{% if tracked %}<section class="card" id="tracking-status"><p class="kind">{{ tracked.label }}</p>
{% for p in tracked.parcels %}<p><span class="state state-{{ p.status }}">{{ p.statusText }}</span> <span class="muted">{{ p.at }}{% if p.carrier %} · {{ p.carrier }}{% endif %}</span></p>{% endfor %}
{% if tracked.parcels.size == 0 %}<p>{{ tracked.none }}</p>{% endif %}</section>{% endif %}
{% endblock %}`
