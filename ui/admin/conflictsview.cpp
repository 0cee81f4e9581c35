#include "conflictsview.h"

#include "jsonlistmodel.h"
#include "manageutil.h"
#include "resourcequerydialog.h"
#include "sourceeditor.h"

#include <cosmosclient.h>
#include <jsontext.h>
#include <pager.h>

#include <QHBoxLayout>
#include <QHeaderView>
#include <QItemSelectionModel>
#include <QJsonDocument>
#include <QLabel>
#include <QPushButton>
#include <QSplitter>
#include <QTableView>
#include <QVBoxLayout>

using namespace Cosmos;

namespace Manage {

QJsonObject ConflictsView::conflictContent(const QJsonObject &conflict)
{
    // The service sends the conflicting resource as JSON text; accept an object as well.
    const QJsonValue content = conflict.value(QStringLiteral("content"));
    if (content.isObject())
        return content.toObject();
    return QJsonDocument::fromJson(content.toString().toUtf8()).object();
}

ConflictsView::ConflictsView(CosmosClient *client, const ResourcePath &container, QWidget *parent)
    : QWidget(parent)
    , m_client(client)
    , m_container(container)
    , m_model(new JsonListModel({{tr("Conflict"), QStringLiteral("id"), {}},
                                 {tr("Operation"), QStringLiteral("operationType"), {}},
                                 {tr("Resource type"), QStringLiteral("resourceType"), {}},
                                 {tr("Item id"),
                                  {},
                                  [](const QJsonObject &o) {
                                      return conflictContent(o).value(QStringLiteral("id")).toString();
                                  }},
                                 {tr("Time"), {}, timestampText}},
                                this))
    , m_view(new QTableView(this))
    , m_loadMore(new QPushButton(tr("Load &more"), this))
    , m_reload(new QPushButton(tr("&Reload"), this))
    , m_delete(new QPushButton(tr("&Delete…"), this))
    , m_refresh(new QPushButton(tr("Re&fresh selected"), this))
    , m_query(new QPushButton(tr("&Query…"), this))
    , m_charge(new QLabel(this))
    , m_json(new SourceEditor(SourceEditor::Language::Json, this))
    , m_message(new MessageLine(this))
    , m_current(new SourceEditor(SourceEditor::Language::Json, this))
    , m_keepThis(new QPushButton(tr("Keep &this version"), this))
    , m_keepCurrent(new QPushButton(tr("Keep &current"), this))
    , m_currentLabel(new QLabel(tr("Current item"), this))
{
    m_current->setObjectName(QStringLiteral("currentItemJson"));
    m_current->setReadOnly(true);
    m_keepThis->setObjectName(QStringLiteral("keepConflictVersion"));
    m_keepThis->setToolTip(tr("Replace the item with this conflict's version, then delete the "
                              "conflict"));
    m_keepCurrent->setObjectName(QStringLiteral("keepCurrentVersion"));
    m_keepCurrent->setToolTip(tr("Keep the item as it is and delete the conflict"));
    m_view->setObjectName(QStringLiteral("conflicts"));
    m_view->setModel(m_model);
    setUpListView(m_view);
    m_loadMore->setObjectName(QStringLiteral("loadMore"));
    m_delete->setObjectName(QStringLiteral("deleteConflict"));
    m_refresh->setObjectName(QStringLiteral("refreshConflict"));
    m_refresh->setToolTip(tr("Reads the selected conflict again"));
    m_query->setObjectName(QStringLiteral("queryConflicts"));
    m_json->setObjectName(QStringLiteral("conflictJson"));
    m_json->setReadOnly(true);

    // The conflict's version and the item as it is now, side by side.
    auto compare = new QSplitter(Qt::Horizontal, this);
    compare->setObjectName(QStringLiteral("conflictCompare"));
    // Each side's decision under it: the row of buttons below must fit a 900 px window.
    const auto titled = [this](QLabel *label, QWidget *content, QPushButton *keep) {
        auto pane = new QWidget(this);
        auto column = new QVBoxLayout(pane);
        column->setContentsMargins(0, 0, 0, 0);
        column->addWidget(label);
        column->addWidget(content, 1);
        column->addWidget(keep, 0, Qt::AlignLeft);
        return pane;
    };
    compare->addWidget(
        titled(new QLabel(tr("This conflict's version"), this), m_json, m_keepThis));
    compare->addWidget(titled(m_currentLabel, m_current, m_keepCurrent));
    compare->setChildrenCollapsible(false);
    auto split = new QSplitter(Qt::Vertical, this);
    split->addWidget(m_view);
    split->addWidget(compare);
    split->setStretchFactor(0, 1);
    split->setStretchFactor(1, 2);
    split->setChildrenCollapsible(false);
    auto buttons = new QHBoxLayout;
    buttons->addWidget(m_loadMore);
    buttons->addWidget(m_reload);
    buttons->addWidget(m_refresh);
    buttons->addWidget(m_delete);
    buttons->addWidget(m_query);
    buttons->addStretch();
    // The charge beside the title, where it does not widen the row of buttons.
    auto header = new QHBoxLayout;
    header->addWidget(new QLabel(tr("Conflicts of %1").arg(describe(container)), this));
    header->addStretch();
    header->addWidget(m_charge);
    auto layout = new QVBoxLayout(this);
    layout->addLayout(header);
    layout->addWidget(split, 1);
    layout->addWidget(m_message);
    layout->addLayout(buttons);

    connect(m_loadMore, &QPushButton::clicked, this, &ConflictsView::loadMore);
    connect(m_reload, &QPushButton::clicked, this, &ConflictsView::reload);
    connect(m_delete, &QPushButton::clicked, this, &ConflictsView::deleteSelected);
    connect(m_keepThis, &QPushButton::clicked, this, &ConflictsView::keepConflictVersion);
    connect(m_keepCurrent, &QPushButton::clicked, this, &ConflictsView::keepCurrentVersion);
    connect(m_refresh, &QPushButton::clicked, this, &ConflictsView::readSelected);
    connect(m_query, &QPushButton::clicked, this, &ConflictsView::openQuery);
    connect(m_view->selectionModel(), &QItemSelectionModel::selectionChanged, this,
            &ConflictsView::showSelected);
    if (m_client) {
        m_client->containerProperties(container, this, [this](const QJsonObject &p, const CosmosError &) {
            m_partitionKeyPaths = PartitionKeyDefinition::fromJson(
                                      p.value(QStringLiteral("partitionKey")).toObject())
                                      .paths;
        });
    }
    reload();
}

QString ConflictsView::title() const
{
    return tr("Conflicts: %1").arg(m_container.id());
}

bool ConflictsView::isBusy() const
{
    return m_deleting || (m_pager && m_pager->isBusy());
}

void ConflictsView::reload()
{
    if (!m_client)
        return;
    if (m_pager)
        m_pager->deleteLater();
    m_model->clear();
    m_json->clear();
    RequestOptions options;
    options.maxItemCount = m_pageSize;
    m_pager = m_client->list(m_container.feed(ResourceKind::Conflict), options, this);
    connect(m_pager, &Pager::pageReady, this, [this](const FeedPage &page) {
        m_model->append(page.items);
        m_view->resizeColumnsToContents(); // ids and item ids were cut to "confli…"
        m_charge->setText(tr("%1 loaded, %2")
                              .arg(countText(m_model->rowCount(), tr("conflict"), tr("conflicts")),
                                   QStringLiteral("%1"))
                              .arg(chargeText(m_pager->totalRequestCharge())));
        if (m_model->rowCount() == 0 && !m_pager->hasMore())
            m_message->showInfo(tr("No conflicts."));
        else if (m_message->level() == MessageLine::Level::Busy)
            m_message->clear();
        updateButtons();
        Q_EMIT pageLoaded();
    });
    connect(m_pager, &Pager::failed, this, [this](const CosmosError &e) {
        m_message->showError(e, tr("Could not list the conflicts"));
        updateButtons();
    });
    loadMore();
}

void ConflictsView::loadMore()
{
    if (!m_pager || m_pager->isBusy() || !m_pager->hasMore())
        return;
    m_message->showBusy(tr("Loading conflicts…"));
    m_pager->fetchNext();
    updateButtons();
}

void ConflictsView::select(int row)
{
    m_view->selectRow(row);
}

void ConflictsView::showSelected()
{
    m_json->clear();
    updateButtons();
    readSelected();
}

void ConflictsView::readSelected()
{
    delete m_read; // a newer selection wins: abort the read in flight
    const QModelIndexList rows = m_view->selectionModel()->selectedRows();
    if (rows.isEmpty() || !m_client)
        return;
    const QJsonObject listed = m_model->object(rows.first().row());
    const QString id = listed.value(QStringLiteral("id")).toString();
    RequestOptions options;
    if (!m_partitionKeyPaths.isEmpty())
        options.partitionKey = PartitionKey::fromDocument(conflictContent(listed), m_partitionKeyPaths);
    m_read = new QObject(this);
    m_message->showBusy(tr("Reading conflict %1…").arg(id));
    m_client->read(m_container.child(ResourceKind::Conflict, id), options, m_read,
                   [this, id](const CosmosResponse &r) {
        m_read->deleteLater();
        if (!r.ok()) {
            m_json->clear();
            return m_message->showError(r.error, tr("Could not read conflict \"%1\"").arg(id));
        }
        if (m_message->level() == MessageLine::Level::Busy)
            m_message->clear();
        const QJsonObject conflict = r.object();
        m_model->replaceObject(m_model->rowOf(id), conflict);
        // The conflict's version of the item, as the current one beside it: to compare.
        m_json->setText(QString::fromUtf8(JsonText::pretty(contentText(conflict), 2)));
        readCurrentItem(conflict);
        Q_EMIT conflictRead(conflict);
    });
}

ResourceQueryDialog *ConflictsView::openQuery()
{
    if (!m_client)
        return nullptr;
    auto dialog = new ResourceQueryDialog(m_client, m_container.feed(ResourceKind::Conflict), this);
    dialog->setAttribute(Qt::WA_DeleteOnClose);
    dialog->show();
    Q_EMIT queryOpened(dialog);
    return dialog;
}

QByteArray ConflictsView::contentText(const QJsonObject &conflict) const
{
    // The service sends the content as JSON text: keep it as written (key order, numbers).
    const QJsonValue content = conflict.value(QStringLiteral("content"));
    const QByteArray text = content.isString()
                                ? content.toString().toUtf8()
                                : QJsonDocument(content.toObject()).toJson(QJsonDocument::Compact);
    return JsonText::withoutMembers(text, JsonText::systemProperties());
}

void ConflictsView::readCurrentItem(const QJsonObject &conflict)
{
    delete m_currentRead;
    m_currentKnown = false;
    m_currentEtag.clear();
    m_current->clear();
    updateButtons();
    const QJsonObject content = conflictContent(conflict);
    const QString itemId = content.value(QStringLiteral("id")).toString();
    if (itemId.isEmpty() || !m_client)
        return;
    RequestOptions options;
    if (!m_partitionKeyPaths.isEmpty())
        options.partitionKey = PartitionKey::fromDocument(content, m_partitionKeyPaths);
    m_currentRead = new QObject(this);
    m_currentLabel->setText(tr("Current item %1 (reading…)").arg(itemId));
    m_client->read(
        m_container.child(ResourceKind::Item, itemId),
        options,
        m_currentRead,
        [this, itemId](const CosmosResponse &r) {
            m_currentRead->deleteLater();
            if (r.status == 404) {
                m_currentKnown = true;
                m_currentLabel->setText(
                    tr("Current item %1: does not exist (deleted)").arg(itemId));
                m_current->setText(QString());
            } else if (!r.ok()) {
                m_currentLabel->setText(tr("Current item %1: could not be read").arg(itemId));
                m_message->showError(r.error, tr("Could not read item \"%1\"").arg(itemId));
            } else {
                m_currentKnown = true;
                m_currentEtag = r.object().value(QStringLiteral("_etag")).toString();
                m_currentLabel->setText(tr("Current item %1").arg(itemId));
                m_current->setText(QString::fromUtf8(JsonText::pretty(
                    JsonText::withoutMembers(r.body, JsonText::systemProperties()), 2)));
            }
            updateButtons();
        });
}

void ConflictsView::keepConflictVersion()
{
    const QModelIndexList rows = m_view->selectionModel()->selectedRows();
    if (rows.isEmpty() || !m_client || m_deleting || !m_currentKnown)
        return;
    const QJsonObject conflict = m_model->object(rows.first().row());
    const QString id = conflict.value(QStringLiteral("id")).toString();
    const QJsonObject content = conflictContent(conflict);
    const QString itemId = content.value(QStringLiteral("id")).toString();
    if (!confirm(this,
                 tr("Keep this version"),
                 tr("Replace item \"%1\" with the version in conflict \"%2\", and delete the "
                    "conflict?")
                     .arg(itemId, id)))
        return;
    RequestOptions options;
    if (!m_partitionKeyPaths.isEmpty())
        options.partitionKey = PartitionKey::fromDocument(content, m_partitionKeyPaths);
    // Only over the version that was compared: someone else's newer write is not lost.
    options.ifMatch = m_currentEtag;
    const auto op = m_currentEtag.isEmpty() ? CosmosClient::ItemWrite::Create
                                            : CosmosClient::ItemWrite::Replace;
    m_deleting = true;
    updateButtons();
    m_message->showBusy(tr("Writing item %1…").arg(itemId));
    m_client->writeItem(
        op,
        m_container,
        contentText(conflict),
        options,
        this,
        [this, id, itemId, conflict](const CosmosResponse &r) {
            m_deleting = false;
            if (!r.ok()) {
                m_message->showError(r.error,
                                     r.status == 412
                                         ? tr("Item \"%1\" changed since it was compared; "
                                              "nothing was replaced")
                                               .arg(itemId)
                                         : tr("Could not write item \"%1\"").arg(itemId));
                updateButtons();
                return;
            }
            removeConflict(id,
                           conflict,
                           tr("Item \"%1\" now holds the conflict's version (%2); conflict \"%3\" "
                              "deleted.")
                               .arg(itemId, chargeText(r.requestCharge), id));
        });
}

void ConflictsView::keepCurrentVersion()
{
    const QModelIndexList rows = m_view->selectionModel()->selectedRows();
    if (rows.isEmpty() || !m_client || m_deleting)
        return;
    const QJsonObject conflict = m_model->object(rows.first().row());
    const QString id = conflict.value(QStringLiteral("id")).toString();
    if (!confirm(this,
                 tr("Keep current"),
                 tr("Keep the item as it is and delete conflict \"%1\"?").arg(id)))
        return;
    removeConflict(id, conflict, tr("Kept the current item; conflict \"%1\" deleted.").arg(id));
}

void ConflictsView::removeConflict(const QString &id,
                                   const QJsonObject &conflict,
                                   const QString &done)
{
    RequestOptions options;
    if (!m_partitionKeyPaths.isEmpty())
        options.partitionKey
            = PartitionKey::fromDocument(conflictContent(conflict), m_partitionKeyPaths);
    m_deleting = true;
    updateButtons();
    m_message->showBusy(tr("Deleting conflict %1…").arg(id));
    m_client->remove(m_container.child(ResourceKind::Conflict, id),
                     options,
                     this,
                     [this, id, done](const CosmosResponse &r) {
                         m_deleting = false;
                         if (!r.ok()) {
                             m_message->showError(r.error,
                                                  tr("Could not delete conflict \"%1\"").arg(id));
                         } else {
                             m_model->removeObject(m_model->rowOf(id));
                             m_json->clear();
                             m_current->clear();
                             m_currentKnown = false;
                             m_message->showInfo(done);
                             Q_EMIT deleted(id);
                         }
                         updateButtons();
                     });
}

void ConflictsView::deleteSelected()
{
    const QModelIndexList rows = m_view->selectionModel()->selectedRows();
    if (rows.isEmpty() || !m_client || m_deleting)
        return;
    const QJsonObject conflict = m_model->object(rows.first().row());
    const QString id = conflict.value(QStringLiteral("id")).toString();
    if (!confirm(this, tr("Delete conflict"),
                 tr("Delete conflict \"%1\"? The item as it is now stays; only the record of "
                    "the losing write goes.")
                     .arg(id)))
        return;
    RequestOptions options;
    if (!m_partitionKeyPaths.isEmpty())
        options.partitionKey = PartitionKey::fromDocument(conflictContent(conflict), m_partitionKeyPaths);
    m_deleting = true;
    updateButtons();
    m_message->showBusy(tr("Deleting conflict %1…").arg(id));
    m_client->remove(m_container.child(ResourceKind::Conflict, id), options, this,
                     [this, id](const CosmosResponse &r) {
        m_deleting = false;
        if (!r.ok()) {
            m_message->showError(r.error, tr("Could not delete conflict \"%1\"").arg(id));
        } else {
            m_model->removeObject(m_model->rowOf(id));
            m_message->showInfo(tr("Deleted conflict \"%1\" (%2).").arg(id, chargeText(r.requestCharge)));
            Q_EMIT deleted(id);
        }
        updateButtons();
    });
}

void ConflictsView::updateButtons()
{
    m_loadMore->setEnabled(m_pager && m_pager->hasMore() && !m_pager->isBusy());
    m_delete->setEnabled(!m_deleting && m_view->selectionModel()->hasSelection());
    m_refresh->setEnabled(m_view->selectionModel()->hasSelection());
    m_keepThis->setEnabled(!m_deleting && m_currentKnown
                           && m_view->selectionModel()->hasSelection());
    m_keepCurrent->setEnabled(!m_deleting && m_view->selectionModel()->hasSelection());
}

} // namespace Manage
