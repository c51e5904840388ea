from . import test_i18n
from . import test_key_account
from . import test_security
from . import test_settings
from . import test_ui
