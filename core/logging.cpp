#include "logging.h"

namespace Cosmos {

Q_LOGGING_CATEGORY(lcNetwork, "cosmoscope.network", QtWarningMsg)

} // namespace Cosmos
