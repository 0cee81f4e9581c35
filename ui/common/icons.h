#pragma once

#include <QIcon>

namespace Cosmoscope::Icons {

/// Small icons drawn with QPainter (no SVG plugin needed), cached.
QIcon account();
QIcon database();
QIcon container();
QIcon folder();
QIcon script();
QIcon user();
QIcon permission();
QIcon conflict();
QIcon items();
QIcon loading();
QIcon error();
QIcon loadMore();
QIcon application();

} // namespace Cosmoscope::Icons
