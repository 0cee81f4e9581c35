#pragma once

#include <QIcon>

namespace Cosmoscope::Icons {

/// Icons from the SVG resources in resources/icons/ (Qt SVG). Outlines drawn in `currentColor`
/// take the application palette's text colour when the icon is painted (the highlighted text
/// colour in the Selected mode), so an icon already set on a button, a tab or a tree row is
/// recoloured by the repaint that follows a theme switch.
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
