#pragma once

#include <QUrl>

#include <functional>

namespace Cosmoscope {

/// Opens a URL in the system browser (QDesktopServices). Tests replace the opener to play the
/// browser themselves (e.g. follow an Entra authorize URL); returns false if nothing opened it.
bool openInBrowser(const QUrl &url);
/// Replaces the opener for this process; an empty function restores QDesktopServices.
void setBrowserOpener(std::function<bool(const QUrl &)> opener);

} // namespace Cosmoscope
