#include "screenshotrunner.h"

#include "accountsession.h"
#include "accounttreemodel.h"
#include "connectioncontroller.h"
#include "itemeditor.h"
#include "itemstab.h"
#include "mainwindow.h"
#include "messagebar.h"
#include "resultmodel.h"
#include "resultview.h"

#include <cosmosclient.h>

#include <QTableView>
#include <QTimer>
#include <QTreeView>

#include <cstdio>

namespace Cosmoscope {

using namespace Cosmos;
using NodeKind = AccountTreeModel::NodeKind;

ScreenshotRunner::ScreenshotRunner(MainWindow *window, const QString &file, QObject *parent)
    : QObject(parent)
    , m_window(window)
    , m_file(file)
{
}

void ScreenshotRunner::start(const QString &name, const ConnectionInfo &info)
{
    QTimer::singleShot(120000, this, [this] { fail(QStringLiteral("timed out after 120 s")); });
    m_session = m_window->connections()->openConnection(name, info);
    // Read the account first: a wrong key or an unreachable endpoint fails the run.
    m_session->client()->readAccount(this, [this](const CosmosResponse &r) {
        if (!r.ok()) {
            fail(MessageBar::describe(r.error));
            return;
        }
        AccountTreeModel *model = m_window->treeModel();
        connect(
            model, &AccountTreeModel::childrenLoaded, this, &ScreenshotRunner::onChildrenLoaded);
        const QModelIndex account = model->accountIndex(m_session->accountId());
        if (model->isLoading(account))
            return; // the page in flight reports through childrenLoaded
        if (!model->canFetchMore(account) && model->rowCount(account) > 0)
            onChildrenLoaded(account, {});
        else
            m_window->treeView()->expand(account);
    });
}

void ScreenshotRunner::onChildrenLoaded(const QModelIndex &parent, const CosmosError &error)
{
    if (m_finished || !m_session)
        return;
    AccountTreeModel *model = m_window->treeModel();
    if (model->accountId(parent) != m_session->accountId())
        return;
    if (error.isError()) {
        fail(MessageBar::describe(error));
        return;
    }
    const NodeKind kind = model->kind(parent);
    if (kind != NodeKind::Account && kind != NodeKind::Database)
        return;
    const NodeKind wanted = kind == NodeKind::Account ? NodeKind::Database : NodeKind::Container;
    for (int row = 0; row < model->rowCount(parent); ++row) {
        const QModelIndex child = model->index(row, 0, parent);
        if (model->kind(child) != wanted)
            continue;
        m_window->treeView()->expand(child);
        if (wanted == NodeKind::Container)
            openContainer(child);
        return;
    }
    capture(); // nothing deeper to open
}

void ScreenshotRunner::openContainer(const QModelIndex &container)
{
    m_window->treeView()->setCurrentIndex(container);
    const ResourcePath path = m_window->treeModel()->path(container);
    ItemsTab *tab = m_window->openItemsTab(m_session, path);
    if (!tab) {
        capture();
        return;
    }
    connect(tab, &ItemsTab::firstPageLoaded, this, [this, tab](bool ok) {
        if (!ok || tab->model()->itemCount() == 0) {
            capture();
            return;
        }
        connect(tab->editor(), &ItemEditor::itemLoaded, this, &ScreenshotRunner::capture);
        tab->view()->selectSourceRow(0);
    });
}

void ScreenshotRunner::capture()
{
    if (m_finished)
        return;
    m_finished = true;
    // Let the last layout and paint happen before grabbing.
    QTimer::singleShot(300, this, [this] {
        const QPixmap pixmap = m_window->grab();
        if (!pixmap.save(m_file, "PNG")) {
            std::fprintf(stderr, "cosmoscope: could not write %s\n", qPrintable(m_file));
            Q_EMIT done(1);
            return;
        }
        std::fprintf(stdout,
                     "cosmoscope: saved %s (%dx%d)\n",
                     qPrintable(m_file),
                     pixmap.width(),
                     pixmap.height());
        Q_EMIT done(0);
    });
}

void ScreenshotRunner::fail(const QString &message)
{
    if (m_finished)
        return;
    m_finished = true;
    std::fprintf(stderr, "cosmoscope: connection failed: %s\n", qPrintable(message));
    Q_EMIT done(1);
}

} // namespace Cosmoscope
