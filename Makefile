# Two commands matter: `make run` and `make test`. Both install what they need first.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
export FLASK_APP := app:create_app

.PHONY: run test install assets translations messages browser nginx cluster lint screenshots bench bench-quick bench-breakouts bench-live node-floor clean

run: install assets translations
	$(BIN)/flask db upgrade
	$(BIN)/flask workshop setup
	$(BIN)/python wsgi.py

test: install assets translations browser nginx
	node --test static/test/
	$(BIN)/pytest -q

install: $(VENV)/.installed

$(VENV)/.installed: pyproject.toml
	@$(PYTHON) -c 'import sys; sys.exit(sys.version_info < (3, 11))' || \
		(echo "Python 3.11 or newer is needed (set PYTHON=...)"; exit 1)
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet -e '.[test]'
	touch $@

assets: static/dist/.built

node_modules/.package-lock.json: package.json package-lock.json
	npm ci --no-audit --no-fund
	touch $@

static/dist/.built: node_modules/.package-lock.json $(wildcard static/src/*.js) static/css/app.css static/build.mjs
	npm run -s build
	touch $@

translations: install
	$(BIN)/pybabel -q compile -d app/translations

# Browser tests drive Debian's Chromium; install it when missing and we may (root).
browser:
	@command -v chromium >/dev/null 2>&1 || \
	if [ "$$(id -u)" = 0 ]; then \
		apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium chromium-driver; \
	else \
		echo "Chromium is missing: browser tests will be skipped (apt-get install chromium)"; \
	fi

# The cluster and its tests put Debian's nginx in front of the processes; install it when
# missing and we may (root).
nginx:
	@command -v nginx >/dev/null 2>&1 || [ -x /usr/sbin/nginx ] || \
	if [ "$$(id -u)" = 0 ]; then \
		apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq nginx; \
	else \
		echo "nginx is missing: the cluster tests will be skipped (apt-get install nginx)"; \
	fi

# PROCESSES server processes on DATABASE_URL (PostgreSQL) and WORKSHOP_MESSAGE_QUEUE (Redis)
# behind nginx on 127.0.0.1:$(CLUSTER_PORT); see docs/deployment.md.
PROCESSES ?= 2
CLUSTER_PORT ?= 8080
cluster: install assets translations nginx
	$(BIN)/python cluster.py --processes $(PROCESSES) --port $(CLUSTER_PORT)

lint: install node_modules/.package-lock.json
	$(BIN)/ruff check app tests bench wsgi.py
	npx --no-install eslint static/src static/test eslint.config.js bench

# What a person sees at each stage of Session 1, as PNGs in screenshots/ (see tests/e2e/screenshots.py).
screenshots: install assets translations browser
	$(BIN)/python tests/e2e/screenshots.py screenshots

clean:
	rm -rf $(VENV) node_modules static/dist

# After changing user-facing text: refresh the template and every language's catalogue.
messages: install
	$(BIN)/pybabel -q extract -F babel.cfg -k _l -k counted:2,3 --add-comments=TRANSLATORS: \
		--ignore-dirs '.* ._ node_modules' --project "Workshop Room" \
		--copyright-holder "Workshop Room contributors" -o app/translations/messages.pot .
	$(BIN)/pybabel -q update -i app/translations/messages.pot -d app/translations

# Benchmarks against the bare Flask-SocketIO and Node floors; see docs/performance.md.
bench: install node-floor
	$(BIN)/python -m bench --participants 1000 --advances 30 --modes eventlet,gevent,threading

bench-quick: install node-floor
	$(BIN)/python -m bench --participants 200 --advances 10

bench-breakouts: install
	$(BIN)/python -m bench.breakouts --participants 300 --teams 30 --rounds 10

bench-live: install
	$(BIN)/python -m bench.live --participants 300 --rounds 4

# The Node floor needs the socket.io package; without npm the bench runs without it.
node-floor:
	@if command -v npm >/dev/null 2>&1; then $(MAKE) -s node_modules/.package-lock.json; \
	else echo "npm is missing: the Node floor is skipped"; fi
