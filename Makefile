# The two commands of the README, and the helpers beside them. All of them call
# tools/kam, which sets up what is missing first and is safe to run again.
.PHONY: demo test lint stop setup shell i18n generate bench prod load upgrade-check pytest screenshots

demo:
	tools/kam demo

test:
	tools/kam test $(TAGS)

lint:
	tools/kam lint

stop:
	tools/kam stop

setup:
	tools/kam setup

shell:
	tools/kam shell

i18n:
	tools/kam i18n

# Production mode: Odoo workers and a streaming PostgreSQL replica (DB=<name>, default
# the demo database); then the locust load test against it.
prod:
	DB="$(DB)" tools/kam prod

load:
	DB="$(DB)" USERS="$(USERS)" DURATION="$(DURATION)" tools/kam load

# Scale: SIZE=small (CI, under a minute) or large; the same SEED gives the same data.
SIZE ?= small
SEED ?= 1

generate:
	tools/kam generate $(SIZE) $(SEED)

bench:
	tools/kam bench $(SIZE)

upgrade-check:
	tools/kam upgrade-check

# One test module with pytest-odoo, without the Odoo path to remember:
#   make pytest ARGS="kam_management/tests/test_classification.py -k contribution"
pytest:
	tools/kam pytest $(ARGS)

# The user documentation's screenshots (en, zh_CN) from the demo data, in headless
# Chromium: kam_management/static/description/screenshots/.
screenshots:
	tools/kam screenshots
