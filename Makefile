# The two commands of the README, and the helpers beside them. All of them call
# tools/kam, which sets up what is missing first and is safe to run again.
.PHONY: demo test lint stop setup shell i18n

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
