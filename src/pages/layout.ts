import { createHash } from 'node:crypto'

/**
 * The pages' only style sheet, inline so a page is one request with no third party, and allowed by its
 * hash in the Content-Security-Policy (no 'unsafe-inline'). It must not contain Liquid delimiters.
 */
export const PAGE_CSS = `
*{box-sizing:border-box}
body{margin:0;background:#f6f5f2;color:#1d1d1f;font:16px/1.5 system-ui,-apple-system,"Apple SD Gothic Neo","Noto Sans KR","Malgun Gothic",sans-serif;word-break:keep-all;overflow-wrap:anywhere}
main{max-width:34rem;margin:0 auto;padding:1.25rem 1rem 2rem}
h1{font-size:1.5rem;line-height:1.25;margin:.5rem 0 1rem}
h2{font-size:1.15rem;margin:2rem 0 .75rem}
p{margin:.5rem 0}
.card{background:#fff;border:1px solid #e2dfd8;border-radius:12px;padding:1rem;margin:.75rem 0}
.kind{font-size:.85rem;color:#6b6760;text-transform:uppercase;letter-spacing:.03em}
.headline{font-size:1.6rem;font-weight:700;margin:.25rem 0}
.terms{color:#4a4742;font-size:.95rem}
.state{display:inline-block;font-size:.8rem;border-radius:999px;padding:.1rem .6rem;background:#ece9e2}
.state-issued{background:#dff3e4;color:#17612c}
.code{font:700 1.9rem/1.2 ui-monospace,SFMono-Regular,Menlo,Consolas,monospace;letter-spacing:.08em;background:#fff8e1;border:2px dashed #c9a227;border-radius:10px;padding:.75rem;text-align:center;margin:.75rem 0;user-select:all}
.small-code{font-family:ui-monospace,SFMono-Regular,Menlo,Consolas,monospace;font-weight:600;user-select:all}
blockquote{margin:.75rem 0;padding:.5rem .9rem;border-left:4px solid #c9a227;background:#fffdf5;white-space:pre-line}
label{display:block;font-size:.9rem;margin:.75rem 0 .25rem}
input,textarea{width:100%;font:inherit;padding:.6rem .7rem;border:1px solid #bdb8ae;border-radius:8px;background:#fff}
textarea{min-height:4rem}
button,.button{display:inline-block;font:inherit;font-weight:600;padding:.65rem 1.1rem;border-radius:8px;border:1px solid #1d1d1f;background:#1d1d1f;color:#fff;cursor:pointer;text-decoration:none;margin:.75rem .5rem 0 0}
button.quiet{background:#fff;color:#1d1d1f;border-color:#bdb8ae}
form.inline{display:inline}
.notice{background:#dff3e4;border:1px solid #9fd3ad;border-radius:8px;padding:.75rem;margin:.75rem 0}
.error{background:#fde8e8;border:1px solid #f0a9a9;border-radius:8px;padding:.75rem;margin:.75rem 0}
.field-error{color:#a11;font-size:.85rem;margin:.25rem 0 0}
.link{font-family:ui-monospace,SFMono-Regular,Menlo,Consolas,monospace;font-size:.85rem;background:#f1efe9;border-radius:6px;padding:.5rem;user-select:all;word-break:break-all}
table.choices{width:100%;border-collapse:collapse;margin:.75rem 0}
table.choices th,table.choices td{padding:.5rem .25rem;text-align:left;border-bottom:1px solid #e2dfd8;font-size:.95rem}
input[type=checkbox]{width:1.2rem;height:1.2rem;margin:0}
details{margin-top:.75rem}
summary{cursor:pointer;font-weight:600}
.promise{font-size:1.15rem;font-weight:600;margin:.25rem 0}
.muted{color:#6b6760;font-size:.9rem}
ol.timeline{list-style:none;margin:.5rem 0;padding:0 0 0 1rem;border-left:2px solid #e2dfd8}
ol.timeline li{position:relative;margin:0 0 .75rem;padding-left:.5rem}
ol.timeline li::before{content:"";position:absolute;left:-1.45rem;top:.45rem;width:.7rem;height:.7rem;border-radius:50%;background:#bdb8ae}
ol.timeline li.now::before{background:#17612c}
ul.items{list-style:none;margin:0;padding:0}
ul.items li{display:flex;gap:.75rem;align-items:center;margin:.5rem 0}
ul.items img{width:56px;height:56px;object-fit:cover;border-radius:8px;background:#ece9e2}
.board{display:grid;grid-template-columns:repeat(2,1fr);gap:.75rem}
.board a{display:block;background:#fff;border:1px solid #e2dfd8;border-radius:12px;overflow:hidden;color:inherit;text-decoration:none}
.board img{display:block;width:100%;aspect-ratio:1/1;object-fit:cover;background:#ece9e2}
.board span{display:block;padding:.4rem .6rem;font-size:.9rem}
.board .price{color:#6b6760;padding-top:0}
.choice{display:flex;gap:.5rem;align-items:center;margin:.35rem 0}
.choice input{width:1.1rem;height:1.1rem;margin:0}
.state-delivered{background:#dff3e4;color:#17612c}
.state-exception,.state-attempt_fail{background:#fde8e8;color:#a11}
@media (min-width:40rem){.board{grid-template-columns:repeat(3,1fr)}}
footer{max-width:34rem;margin:0 auto;padding:0 1rem 2rem;color:#8a857c;font-size:.8rem}
`

/** The CSP source that allows exactly PAGE_CSS. */
export const PAGE_CSS_HASH = `'sha256-${createHash('sha256').update(PAGE_CSS).digest('base64')}'`

/** The page frame every customer page extends: `{% layout 'layout' %}` with a `content` block. */
export const LAYOUT = `<!doctype html>
<html lang="{{ t.lang }}">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="referrer" content="no-referrer">
<meta name="robots" content="noindex, nofollow">
<link rel="icon" href="data:,">
<title>{{ title }}</title>
{% if preview %}<meta property="og:title" content="{{ preview.title }}">
<meta property="og:description" content="{{ preview.description }}">
{% endif %}<style>${PAGE_CSS}</style>
</head>
<body>
<main>
{% block content %}{% endblock %}
</main>
<footer>{{ t.footer }}</footer>
</body>
</html>
`

/** A page that only says something: not found, gone, declined, an error. */
export const MESSAGE_PAGE = `{% layout 'layout' %}{% block content %}
<h1>{{ title }}</h1>
<p>{{ text }}</p>
{% endblock %}`
