#pragma once

#include <connectioninfo.h>

#include <QModelIndex>
#include <QObject>
#include <QPointer>

namespace Cosmoscope {

class AccountSession;
class MainWindow;

/// `cosmoscope --screenshot FILE …`: opens the connection, expands the tree to the first
/// container, opens its items, selects the first item, saves a PNG of the window and quits
/// with 0 — or prints why and quits with 1 when the account cannot be read.
class ScreenshotRunner : public QObject
{
    Q_OBJECT
public:
    ScreenshotRunner(MainWindow *window, const QString &file, QObject *parent = nullptr);
    void start(const QString &name, const Cosmos::ConnectionInfo &info);

Q_SIGNALS:
    void done(int exitCode);

private:
    void onChildrenLoaded(const QModelIndex &parent, const Cosmos::CosmosError &error);
    void openContainer(const QModelIndex &container);
    void capture();
    void fail(const QString &message);

    MainWindow *m_window;
    QString m_file;
    QPointer<AccountSession> m_session;
    bool m_finished = false;
};

} // namespace Cosmoscope
