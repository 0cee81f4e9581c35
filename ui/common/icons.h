#pragma once

#include <QIcon>

namespace Cosmoscope::Icons {

/// Icons from the SVG resources in resources/icons/ (Qt SVG), cached per theme. Outlines drawn
/// in `currentColor` take the palette's text colour at load, so they stay legible on dark and
/// light windows; after a theme change, fetching an icon again gives the recoloured one.
QIcon account();
QIcon database();
QIcon container();
QIcon folder();
QIcon script();
QIcon user();
QIcon permission();
QIcon conflict();
QIcon items();
QIcon query();
QIcon loading();
QIcon error();
QIcon loadMore();
QIcon newConnection();
QIcon requests();
QIcon importItems();
QIcon exportItems();
QIcon application();

/// The icon `name` (resources/icons/<name>.svg); a null icon when there is no such resource.
QIcon fromResource(const QString &name);

} // namespace Cosmoscope::Icons
