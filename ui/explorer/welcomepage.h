#pragma once

#include "settings.h"

#include <QWidget>

QT_BEGIN_NAMESPACE
class QListWidget;
QT_END_NAMESPACE

namespace Cosmoscope {

class ConnectionController;

/// The first tab: saved connections (open, forget) and "New connection…".
class WelcomePage : public QWidget
{
    Q_OBJECT
public:
    explicit WelcomePage(ConnectionController *connections, QWidget *parent = nullptr);
    void reload();
    QListWidget *list() const { return m_list; }

private:
    void openCurrent();

    ConnectionController *m_connections;
    QListWidget *m_list;
};

} // namespace Cosmoscope
