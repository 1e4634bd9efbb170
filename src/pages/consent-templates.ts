/**
 * The preference centre `/p/:token`: a checkbox per channel and message type, saved by one POST, and a
 * button that turns everything off. The unsubscribe page `/u/:token` only asks: a GET never unsubscribes
 * (link scanners follow links), the button POSTs.
 */
export const PREFERENCES_PAGE = `{% layout 'layout' %}{% block content %}
<h1>{{ title }}</h1>
{% if notice %}<div class="notice" role="status">{{ notice }}</div>{% endif %}
<p>{{ t.consent.preferencesIntro }}</p>
<form method="post" action="/p/{{ token }}">
<table class="choices">
<thead><tr><th></th>{% for type in types %}<th scope="col">{{ type.label }}</th>{% endfor %}</tr></thead>
<tbody>
{% for row in rows %}<tr><th scope="row">{{ row.label }}</th>
{% for box in row.boxes %}<td><input type="checkbox" name="{{ box.name }}" id="{{ box.name }}" aria-label="{{ row.label }}: {{ box.label }}"{% if box.checked %} checked{% endif %}></td>
{% endfor %}</tr>
{% endfor %}</tbody>
</table>
<input type="hidden" name="action" value="save">
<button type="submit">{{ t.consent.save }}</button>
</form>
<form method="post" action="/p/{{ token }}">
<input type="hidden" name="action" value="unsubscribe-all">
<button type="submit" class="quiet">{{ t.consent.unsubscribeAll }}</button>
</form>
{% endblock %}`

export const UNSUBSCRIBE_PAGE = `{% layout 'layout' %}{% block content %}
<h1>{{ title }}</h1>
<p>{{ text }}</p>
{% if confirm %}<form method="post" action="/u/{{ token }}"><button type="submit">{{ t.consent.unsubscribeConfirm }}</button></form>{% endif %}
{% if preferences_url %}<p><a class="button quiet" href="{{ preferences_url }}">{{ t.consent.managePreferences }}</a></p>{% endif %}
{% endblock %}`
