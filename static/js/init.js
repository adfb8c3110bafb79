// Starts GOV.UK Frontend's components (service navigation menu, Exit this page, ...).
//
// GOV.UK Frontend's page template sets these body classes with an inline <script>;
// Waymark's base.html leaves that out so the Content-Security-Policy can forbid
// inline scripts, and sets them here instead. Browsers that cannot run ES modules
// never load this file, so they get the plain HTML, which works on its own (the
// Exit this page button is an ordinary link).
import { initAll } from "/static/vendor/govuk-frontend/govuk-frontend.min.js";

document.body.classList.add("js-enabled", "govuk-frontend-supported");
initAll();
