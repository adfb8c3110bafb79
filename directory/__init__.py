"""Waymark: a directory of local support and the referral routes between services."""

from __future__ import annotations

from typing import Any

from flask import Flask
from jinja2 import ChoiceLoader, FileSystemLoader, PackageLoader, PrefixLoader
from werkzeug.middleware.proxy_fix import ProxyFix

from directory.config import PROJECT_ROOT, Settings


def create_app(config: dict[str, Any] | None = None) -> Flask:
    """Build the app: settings from the environment, then `config` overrides (tests use it)."""
    from directory.accounts.signed_in import SESSION_MAX_AGE

    settings = Settings.from_env()
    app = Flask(
        __name__,
        instance_path=str(settings.instance_path),
        static_folder=str(PROJECT_ROOT / "static"),
        static_url_path="/static",
    )
    app.config.update(
        SECRET_KEY=settings.secret_key,
        DATABASE_URL=settings.database_url,
        DATA_DIR=str(settings.data_dir),
        INDEX_DIR=str(settings.index_dir),
        SHOW_EXAMPLES=settings.show_examples,
        EXIT_URL=settings.exit_url,
        MAP_TILES_URL=settings.map_tiles_url,
        MAP_ATTRIBUTION=settings.map_attribution,
        ONLINE_GEOCODER=settings.online_geocoder,
        API_BASE=settings.api_base,
        PUBLIC_ORIGIN=settings.public_origin or "http://localhost",
        INDEX_SYNC_SECONDS=settings.index_sync_seconds,
        PRODUCTION=settings.production,
        SESSION_COOKIE_HTTPONLY=True,
        SESSION_COOKIE_SAMESITE="Lax",
        SESSION_COOKIE_SECURE=settings.production,
        SESSION_COOKIE_NAME="waymark_session",
        PERMANENT_SESSION_LIFETIME=SESSION_MAX_AGE,
        # Forms may be open a while (a long listing); the token is also tied to the session.
        WTF_CSRF_TIME_LIMIT=4 * 3600,
    )
    app.config.update(config or {})
    settings.check_safe()
    if settings.trusted_proxies:
        n = settings.trusted_proxies
        app.wsgi_app = ProxyFix(app.wsgi_app, x_for=n, x_proto=n, x_host=n)  # type: ignore[method-assign]

    app.jinja_loader = ChoiceLoader(
        [
            FileSystemLoader(PROJECT_ROOT / "templates"),
            # The macros import one another as "govuk_frontend_jinja/...".
            PrefixLoader({"govuk_frontend_jinja": PackageLoader("govuk_frontend_jinja")}),
        ]
    )
    app.jinja_env.trim_blocks = True
    app.jinja_env.lstrip_blocks = True

    from flask_wtf.csrf import CSRFProtect

    from directory import cli, context, db, errors, security
    from directory.accounts.views import bp as accounts_bp
    from directory.api.views import bp as api_bp
    from directory.finder.views import bp as finder_bp
    from directory.gaps.views import bp as gaps_bp
    from directory.manage.views import bp as manage_bp
    from directory.pathways.views import bp as pathways_bp
    from directory.site.views import bp as site_bp
    from directory.templating import init_app as init_templating

    db.init_app(app, app.config["DATABASE_URL"])
    context.init_app(app)
    init_templating(app)
    app.register_blueprint(finder_bp)
    app.register_blueprint(site_bp)
    app.register_blueprint(pathways_bp)
    app.register_blueprint(gaps_bp)
    app.register_blueprint(accounts_bp)
    app.register_blueprint(manage_bp)
    # The API is read-only and signs no one in, so it needs no CSRF token; without this exemption
    # a POST or PUT to it got the site's HTML "bad request" page instead of the API's JSON 405.
    CSRFProtect(app).exempt(api_bp)
    app.register_blueprint(api_bp, url_prefix=app.config["API_BASE"])
    errors.register_error_handlers(app)
    security.init_app(app)
    cli.init_app(app)
    return app
