from . import kam_account_nominate
from . import kam_account_decide
