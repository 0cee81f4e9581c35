#pragma once

#include <QVariantMap>

namespace Cosmoscope {

class MainWindow;

/// The window's session as settings keep it between runs: the saved accounts that are open
/// (by their saved connection's id; secrets stay in the keychain), and their tabs: items tabs
/// with their filter, query tabs with text, parameters and partition key, the splitters of
/// each, and which tab was current. Accounts opened without being saved are not kept.
namespace SessionRestore {

QVariantMap capture(const MainWindow *window);
/// Opens the accounts (through ConnectionController::openSaved) and, as each one opens,
/// its tabs. Unknown accounts (forgotten since) are skipped.
void restore(MainWindow *window, const QVariantMap &session);

} // namespace SessionRestore
} // namespace Cosmoscope
