#include "usersdialog.h"

#include "jsonlistmodel.h"
#include "manageutil.h"
#include "permissionsdialog.h"
#include "sourceeditor.h"

#include <cosmosclient.h>
#include <validation.h>

#include <QDateTime>
#include <QDialogButtonBox>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QItemSelectionModel>
#include <QLabel>
#include <QLineEdit>
#include <QPushButton>
#include <QSplitter>
#include <QTableView>
#include <QVBoxLayout>

using namespace Cosmos;

namespace Manage {

UsersDialog::UsersDialog(CosmosClient *client, const ResourcePath &database, QWidget *parent)
    : QDialog(parent)
    , m_client(client)
    , m_database(database)
    , m_model(new JsonListModel({{tr("User"), QStringLiteral("id"), {}},
                                 {tr("Modified"), {}, timestampText},
                                 {tr("Resource id"), QStringLiteral("_rid"), {}}},
                                this))
    , m_view(new QTableView(this))
    , m_id(new QLineEdit(this))
    , m_create(new QPushButton(tr("&Create"), this))
    , m_upsert(new QPushButton(tr("Create or re&place (upsert)"), this))
    , m_rename(new QPushButton(tr("Re&name"), this))
    , m_delete(new QPushButton(tr("&Delete"), this))
    , m_permissions(new QPushButton(tr("&Permissions…"), this))
    , m_reload(new QPushButton(tr("&Reload"), this))
    , m_json(new SourceEditor(SourceEditor::Language::Json, this))
    , m_permissionsLink(new QLabel(this))
    , m_message(new MessageLine(this))
{
    setWindowTitle(tr("Users — database %1").arg(database.databaseId()));
    setAttribute(Qt::WA_DeleteOnClose);
    m_view->setObjectName(QStringLiteral("users"));
    m_view->setModel(m_model);
    setUpListView(m_view);
    m_id->setObjectName(QStringLiteral("userId"));
    m_id->setPlaceholderText(tr("user id (new user, or the new id to rename the selected one)"));
    m_create->setObjectName(QStringLiteral("createUser"));
    m_upsert->setObjectName(QStringLiteral("upsertUser"));
    m_upsert->setToolTip(tr("Creates the user, or replaces the user that has this id"));
    m_json->setObjectName(QStringLiteral("userJson"));
    m_json->setReadOnly(true);
    m_json->setMarginWidth(0, 0);
    m_permissionsLink->setObjectName(QStringLiteral("permissionsLink"));
    m_permissionsLink->setTextInteractionFlags(Qt::TextSelectableByMouse);
    m_permissionsLink->setWordWrap(true);
    m_rename->setObjectName(QStringLiteral("renameUser"));
    m_delete->setObjectName(QStringLiteral("deleteUser"));
    m_permissions->setObjectName(QStringLiteral("openPermissions"));

    auto idRow = new QHBoxLayout;
    idRow->addWidget(new QLabel(tr("Id:"), this));
    idRow->addWidget(m_id, 1);
    idRow->addWidget(m_create);
    idRow->addWidget(m_upsert);
    idRow->addWidget(m_rename);

    auto buttons = new QDialogButtonBox(QDialogButtonBox::Close, this);
    buttons->addButton(m_permissions, QDialogButtonBox::ActionRole);
    buttons->addButton(m_delete, QDialogButtonBox::ActionRole);
    buttons->addButton(m_reload, QDialogButtonBox::ResetRole);
    connect(buttons, &QDialogButtonBox::rejected, this, &QDialog::reject);

    auto details = new QWidget(this);
    auto detailsLayout = new QVBoxLayout(details);
    detailsLayout->setContentsMargins(0, 0, 0, 0);
    detailsLayout->addWidget(m_json, 1);
    detailsLayout->addWidget(m_permissionsLink);
    auto split = new QSplitter(Qt::Horizontal, this);
    split->addWidget(m_view);
    split->addWidget(details);
    split->setStretchFactor(0, 1);
    split->setStretchFactor(1, 1);

    auto layout = new QVBoxLayout(this);
    layout->addWidget(split, 1);
    layout->addLayout(idRow);
    layout->addWidget(m_message);
    layout->addWidget(buttons);
    resize(820, 460);

    connect(m_create, &QPushButton::clicked, this, &UsersDialog::createUser);
    connect(m_upsert, &QPushButton::clicked, this, &UsersDialog::upsertUser);
    connect(m_rename, &QPushButton::clicked, this, &UsersDialog::renameSelected);
    connect(m_delete, &QPushButton::clicked, this, &UsersDialog::deleteSelected);
    connect(m_permissions, &QPushButton::clicked, this, &UsersDialog::openPermissions);
    connect(m_reload, &QPushButton::clicked, this, &UsersDialog::reload);
    connect(m_view, &QTableView::doubleClicked, this, &UsersDialog::openPermissions);
    connect(m_view->selectionModel(), &QItemSelectionModel::selectionChanged, this, [this] {
        if (!selectedId().isEmpty())
            m_id->setText(selectedId());
        setBusy(m_busy);
        readSelected();
    });
    reload();
}

QString UsersDialog::selectedId() const
{
    const QModelIndexList rows = m_view->selectionModel()->selectedRows();
    return rows.isEmpty() ? QString() : rows.first().data(JsonListModel::IdRole).toString();
}

void UsersDialog::selectUser(const QString &id)
{
    selectId(m_view, m_model, id);
}

void UsersDialog::setBusy(bool busy, const QString &text)
{
    m_busy = busy;
    if (busy)
        m_message->showBusy(text);
    else if (m_message->level() == MessageLine::Level::Busy)
        m_message->clear();
    const bool selected = !selectedId().isEmpty();
    m_create->setEnabled(!busy);
    m_upsert->setEnabled(!busy);
    m_rename->setEnabled(!busy && selected);
    m_delete->setEnabled(!busy && selected);
    m_permissions->setEnabled(!busy && selected);
    m_reload->setEnabled(!busy);
}

void UsersDialog::reload()
{
    if (!m_client)
        return;
    const QString keep = selectedId();
    setBusy(true, tr("Listing users…"));
    fetchAll(m_client, m_database.feed(ResourceKind::User), this,
             [this, keep](const QJsonArray &users, const CosmosError &e, double charge) {
        m_model->setObjects(users);
        setBusy(false);
        if (e.isError())
            m_message->showError(e, tr("Could not list the users"));
        else
            m_message->showInfo(
                tr("%1 (%2).")
                    .arg(countText(users.size(), tr("user"), tr("users")), QStringLiteral("%1"))
                    .arg(chargeText(charge)));
        selectUser(keep);
        Q_EMIT loaded();
    });
}

void UsersDialog::createUser()
{
    const QString id = m_id->text().trimmed();
    if (CosmosError e = validateId(id, tr("user id")); e.isError())
        return m_message->showError(e);
    setBusy(true, tr("Creating user %1…").arg(id));
    m_client->create(m_database.feed(ResourceKind::User), {{QStringLiteral("id"), id}}, {}, this,
                     [this, id](const CosmosResponse &r) {
        setBusy(false);
        if (!r.ok())
            return m_message->showError(r.error, tr("Could not create user \"%1\"").arg(id));
        m_model->append(QJsonArray{r.object()});
        selectUser(id);
        m_message->showInfo(tr("Created user \"%1\" (%2).").arg(id, chargeText(r.requestCharge)));
        Q_EMIT changed();
    });
}

void UsersDialog::upsertUser()
{
    const QString id = m_id->text().trimmed();
    if (CosmosError e = validateId(id, tr("user id")); e.isError())
        return m_message->showError(e);
    setBusy(true, tr("Creating or replacing user %1…").arg(id));
    m_client->upsert(m_database.feed(ResourceKind::User), {{QStringLiteral("id"), id}}, {}, this,
                     [this, id](const CosmosResponse &r) {
        setBusy(false);
        if (!r.ok())
            return m_message->showError(r.error, tr("Could not create or replace user \"%1\"").arg(id));
        m_model->upsertObject(r.object());
        selectUser(id);
        readSelected();
        m_message->showInfo((r.status == 201 ? tr("Created user \"%1\" (%2).")
                                             : tr("Replaced user \"%1\" (%2)."))
                                .arg(id, chargeText(r.requestCharge)));
        Q_EMIT changed();
    });
}

void UsersDialog::readSelected()
{
    delete m_read; // a newer selection wins: abort the read in flight
    const QString id = selectedId();
    if (id.isEmpty() || !m_client) {
        m_json->clear();
        m_permissionsLink->clear();
        return;
    }
    m_read = new QObject(this);
    m_client->read(m_database.child(ResourceKind::User, id), {}, m_read,
                   [this, id](const CosmosResponse &r) {
        m_read->deleteLater();
        if (!r.ok()) {
            m_json->clear();
            m_permissionsLink->clear();
            return m_message->showError(r.error, tr("Could not read user \"%1\"").arg(id));
        }
        const QJsonObject user = r.object();
        const int row = m_model->rowOf(id);
        if (row >= 0)
            m_model->replaceObject(row, user);
        m_json->setText(prettyJson(user));
        const QString link = user.value(QStringLiteral("_permissions")).toString();
        const QString feed = m_database.child(ResourceKind::User, id).link() + QStringLiteral("/permissions");
        m_permissionsLink->setText(link.isEmpty() ? QString()
                                                  : tr("Permissions feed: %1 (%2)").arg(link, feed));
        Q_EMIT userRead(user);
    });
}

void UsersDialog::renameSelected()
{
    const QString from = selectedId();
    const QString to = m_id->text().trimmed();
    if (from.isEmpty() || to == from)
        return m_message->showError(tr("Select a user and type its new id."));
    if (CosmosError e = validateId(to, tr("user id")); e.isError())
        return m_message->showError(e);
    if (!confirm(this, tr("Rename user"),
                 tr("Rename user \"%1\" to \"%2\"? Its permissions stay with it.").arg(from, to)))
        return;
    setBusy(true, tr("Renaming user %1…").arg(from));
    m_client->replace(m_database.child(ResourceKind::User, from), {{QStringLiteral("id"), to}}, {},
                      this, [this, from, to](const CosmosResponse &r) {
        setBusy(false);
        if (!r.ok())
            return m_message->showError(r.error, tr("Could not rename user \"%1\"").arg(from));
        m_model->replaceObject(m_model->rowOf(from), r.object());
        selectUser(to);
        m_message->showInfo(tr("Renamed \"%1\" to \"%2\" (%3).").arg(from, to, chargeText(r.requestCharge)));
        Q_EMIT changed();
    });
}

void UsersDialog::deleteSelected()
{
    const QString id = selectedId();
    if (id.isEmpty())
        return;
    if (!confirm(this, tr("Delete user"),
                 tr("Delete user \"%1\" and all its permissions? Tokens issued for it stop "
                    "working.")
                     .arg(id)))
        return;
    setBusy(true, tr("Deleting user %1…").arg(id));
    m_client->remove(m_database.child(ResourceKind::User, id), {}, this,
                     [this, id](const CosmosResponse &r) {
        setBusy(false);
        if (!r.ok())
            return m_message->showError(r.error, tr("Could not delete user \"%1\"").arg(id));
        m_model->removeObject(m_model->rowOf(id));
        m_message->showInfo(tr("Deleted user \"%1\" (%2).").arg(id, chargeText(r.requestCharge)));
        Q_EMIT changed();
    });
}

PermissionsDialog *UsersDialog::openPermissions()
{
    const QString id = selectedId();
    if (id.isEmpty() || !m_client)
        return nullptr;
    auto dialog = new PermissionsDialog(m_client, m_database.child(ResourceKind::User, id), this);
    connect(dialog, &PermissionsDialog::openConnectionRequested, this,
            &UsersDialog::openConnectionRequested);
    dialog->show();
    Q_EMIT permissionsOpened(dialog);
    return dialog;
}

} // namespace Manage
