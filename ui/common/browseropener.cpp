#include "browseropener.h"

#include <QDesktopServices>

namespace Cosmoscope {

static std::function<bool(const QUrl &)> &opener()
{
    static std::function<bool(const QUrl &)> f;
    return f;
}

bool openInBrowser(const QUrl &url)
{
    if (opener())
        return opener()(url);
    return QDesktopServices::openUrl(url);
}

void setBrowserOpener(std::function<bool(const QUrl &)> f)
{
    opener() = std::move(f);
}

} // namespace Cosmoscope
