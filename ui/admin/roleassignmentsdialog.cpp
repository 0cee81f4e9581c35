#include "roleassignmentsdialog.h"

#include "manageutil.h"

#include <controlplane.h>
#include <cosmosclient.h>
#include <tokencredential.h>

#include <QComboBox>
#include <QDialogButtonBox>
#include <QFormLayout>
#include <QGroupBox>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QJsonArray>
#include <QLabel>
#include <QLineEdit>
#include <QListWidget>
#include <QMessageBox>
#include <QPushButton>
#include <QSplitter>
#include <QTableWidget>
#include <QVBoxLayout>

#include <memory>

namespace Manage {

using namespace Cosmos;
using namespace Cosmos::Arm;

QStringList cosmosDataActions()
{
    const QString base = QStringLiteral("Microsoft.DocumentDB/databaseAccounts/");
    const QString containers = base + QStringLiteral("sqlDatabases/containers/");
    return {base + QStringLiteral("readMetadata"),
            containers + QStringLiteral("items/read"),
            containers + QStringLiteral("items/create"),
            containers + QStringLiteral("items/replace"),
            containers + QStringLiteral("items/upsert"),
            containers + QStringLiteral("items/delete"),
            containers + QStringLiteral("executeQuery"),
            containers + QStringLiteral("readChangeFeed"),
            containers + QStringLiteral("executeStoredProcedure"),
            containers + QStringLiteral("manageConflicts"),
            containers + QStringLiteral("items/*"),
            containers + QStringLiteral("*")};
}

static QTableWidget *table(QWidget *parent, const char *name, const QStringList &headers)
{
    auto t = new QTableWidget(0, int(headers.size()), parent);
    t->setObjectName(QLatin1String(name));
    t->setHorizontalHeaderLabels(headers);
    t->setSelectionBehavior(QAbstractItemView::SelectRows);
    t->setSelectionMode(QAbstractItemView::SingleSelection);
    t->setEditTriggers(QAbstractItemView::NoEditTriggers);
    t->verticalHeader()->hide();
    t->horizontalHeader()->setStretchLastSection(true);
    return t;
}

RoleAssignmentsDialog::RoleAssignmentsDialog(CosmosClient *client, QWidget *parent)
    : QDialog(parent)
    , m_client(client)
    , m_account(new QLabel(this))
    , m_assignments(table(this, "roleAssignments", {tr("Principal id"), tr("Role"), tr("Scope")}))
    , m_definitions(table(this, "roleDefinitions", {tr("Role"), tr("Type"), tr("Data actions")}))
    , m_principal(new QLineEdit(this))
    , m_role(new QComboBox(this))
    , m_scope(new QComboBox(this))
    , m_assign(new QPushButton(tr("&Assign"), this))
    , m_delete(new QPushButton(tr("&Delete assignment…"), this))
    , m_customName(new QLineEdit(this))
    , m_actions(new QListWidget(this))
    , m_createRole(new QPushButton(tr("Create &role"), this))
    , m_cancel(new QPushButton(tr("Cancel"), this))
    , m_status(new QLabel(this))
{
    setObjectName(QStringLiteral("roleAssignmentsDialog"));
    setWindowTitle(tr("Role assignments — %1").arg(client->connection().endpoint.host()));
    m_principal->setObjectName(QStringLiteral("principalId"));
    m_principal->setPlaceholderText(tr("object id of a user, group or service principal"));
    m_role->setObjectName(QStringLiteral("roleChooser"));
    m_scope->setObjectName(QStringLiteral("scopeChooser"));
    m_scope->setEditable(true);
    m_scope->addItem(tr("/ (the whole account)"), QStringLiteral("/"));
    m_assign->setObjectName(QStringLiteral("assignButton"));
    m_delete->setObjectName(QStringLiteral("deleteAssignment"));
    m_customName->setObjectName(QStringLiteral("customRoleName"));
    m_customName->setPlaceholderText(tr("e.g. Item writer"));
    m_actions->setObjectName(QStringLiteral("dataActions"));
    for (const QString &action : cosmosDataActions()) {
        auto item = new QListWidgetItem(action.section(QStringLiteral("databaseAccounts/"), 1),
                                        m_actions);
        item->setData(Qt::UserRole, action);
        item->setFlags(item->flags() | Qt::ItemIsUserCheckable);
        item->setCheckState(Qt::Unchecked);
    }
    m_createRole->setObjectName(QStringLiteral("createRole"));
    m_cancel->setObjectName(QStringLiteral("cancelOperation"));
    m_cancel->hide();
    m_status->setObjectName(QStringLiteral("rbacStatus"));
    m_status->setWordWrap(true);
    m_status->setTextInteractionFlags(Qt::TextSelectableByMouse);

    auto assignBox = new QGroupBox(tr("New role assignment"), this);
    auto assignForm = new QFormLayout(assignBox);
    assignForm->addRow(tr("Principal id:"), m_principal);
    assignForm->addRow(tr("Role:"), m_role);
    assignForm->addRow(tr("Scope:"), m_scope);
    auto assignRow = new QHBoxLayout;
    assignRow->addStretch(1);
    assignRow->addWidget(m_assign);
    assignForm->addRow(assignRow);

    auto roleBox = new QGroupBox(tr("New custom role"), this);
    auto roleForm = new QFormLayout(roleBox);
    roleForm->addRow(tr("Name:"), m_customName);
    roleForm->addRow(tr("Data actions:"), m_actions);
    auto roleRow = new QHBoxLayout;
    roleRow->addStretch(1);
    roleRow->addWidget(m_createRole);
    roleForm->addRow(roleRow);

    auto left = new QWidget(this);
    auto leftLayout = new QVBoxLayout(left);
    leftLayout->setContentsMargins(0, 0, 0, 0);
    leftLayout->addWidget(new QLabel(tr("Role assignments:"), this));
    leftLayout->addWidget(m_assignments, 2);
    auto deleteRow = new QHBoxLayout;
    deleteRow->addStretch(1);
    deleteRow->addWidget(m_delete);
    leftLayout->addLayout(deleteRow);
    leftLayout->addWidget(new QLabel(tr("Role definitions:"), this));
    leftLayout->addWidget(m_definitions, 1);

    auto right = new QWidget(this);
    auto rightLayout = new QVBoxLayout(right);
    rightLayout->setContentsMargins(0, 0, 0, 0);
    rightLayout->addWidget(assignBox);
    rightLayout->addWidget(roleBox, 1);

    auto splitter = new QSplitter(this);
    splitter->addWidget(left);
    splitter->addWidget(right);
    splitter->setStretchFactor(0, 3);
    splitter->setStretchFactor(1, 2);

    auto statusRow = new QHBoxLayout;
    statusRow->addWidget(m_status, 1);
    statusRow->addWidget(m_cancel);
    auto buttons = new QDialogButtonBox(QDialogButtonBox::Close, this);
    auto refresh = buttons->addButton(tr("&Refresh"), QDialogButtonBox::ActionRole);

    auto layout = new QVBoxLayout(this);
    layout->addWidget(m_account);
    layout->addWidget(splitter, 1);
    layout->addLayout(statusRow);
    layout->addWidget(buttons);
    resize(980, 600);

    connect(buttons, &QDialogButtonBox::rejected, this, &QDialog::reject);
    connect(refresh, &QPushButton::clicked, this, &RoleAssignmentsDialog::reload);
    connect(m_assign, &QPushButton::clicked, this, &RoleAssignmentsDialog::createAssignment);
    connect(m_delete, &QPushButton::clicked, this, [this] { deleteSelected(); });
    connect(m_createRole, &QPushButton::clicked, this, &RoleAssignmentsDialog::createCustomRole);
    connect(m_cancel, &QPushButton::clicked, this, &RoleAssignmentsDialog::cancelOperation);

    if (Entra::TokenCredential *credential = client->connection().credential.get())
        m_principal->setText(credential->objectId());
    reload();

    // Scopes: the account, its databases and their containers.
    client->read(ResourcePath::databases(), {}, this, [this](const CosmosResponse &r) {
        if (!r.ok() || !m_client)
            return;
        for (const QJsonValue &db : r.object().value(QStringLiteral("Databases")).toArray()) {
            const QString dbId = db.toObject().value(QStringLiteral("id")).toString();
            m_scope->addItem(tr("/dbs/%1 (database)").arg(dbId), QStringLiteral("/dbs/") + dbId);
            m_client->read(
                ResourcePath::database(dbId).feed(ResourceKind::Container),
                {},
                this,
                [this, dbId](const CosmosResponse &c) {
                    const QJsonArray list
                        = c.object().value(QStringLiteral("DocumentCollections")).toArray();
                    for (const QJsonValue &coll : list) {
                        const QString id = coll.toObject().value(QStringLiteral("id")).toString();
                        const QString scope = QStringLiteral("/dbs/%1/colls/%2").arg(dbId, id);
                        m_scope->addItem(tr("%1 (container)").arg(scope), scope);
                    }
                });
        }
    });
}

QString RoleAssignmentsDialog::statusText() const
{
    return m_status->text();
}

void RoleAssignmentsDialog::setBusy(bool busy, const QString &status)
{
    m_busy = busy;
    m_status->setText(status);
    m_cancel->setVisible(busy && m_operation);
    m_assign->setEnabled(!busy);
    m_delete->setEnabled(!busy);
    m_createRole->setEnabled(!busy);
}

void RoleAssignmentsDialog::showError(const QString &what, const CosmosError &error)
{
    setBusy(false,
            QStringLiteral("<span style='color:#c01c28'>%1: %2</span>")
                .arg(what.toHtmlEscaped(), error.message.toHtmlEscaped()));
}

void RoleAssignmentsDialog::reload()
{
    if (!m_client)
        return;
    ControlPlane *control = m_client->controlPlane();
    if (!control) {
        showError(tr("Role assignments"),
                  CosmosError::invalidInput(tr("This connection does not use Microsoft Entra ID: "
                                               "its access is managed with keys, users and "
                                               "permissions.")));
        Q_EMIT loaded(false);
        return;
    }
    setBusy(true, tr("Loading role definitions and assignments…"));
    control->accountId(this, [this, control](const QString &accountId, const CosmosError &e) {
        if (e.isError()) {
            showError(tr("Finding the account in Azure Resource Manager"), e);
            Q_EMIT loaded(false);
            return;
        }
        if (!m_rbac || m_accountId != accountId) {
            delete m_rbac;
            m_accountId = accountId;
            m_rbac = new Rbac(control->arm(), accountId, this);
        }
        const QStringList parts = accountId.split(QLatin1Char('/'));
        const int rg = int(parts.indexOf(QStringLiteral("resourceGroups")));
        m_account->setText(tr("Account <b>%1</b> · resource group %2")
                               .arg(parts.last().toHtmlEscaped(),
                                    rg >= 0 && rg + 1 < parts.size()
                                        ? parts.at(rg + 1).toHtmlEscaped()
                                        : QString()));
        m_account->setToolTip(accountId);
        m_pendingLoads = 2;
        auto failed = std::make_shared<CosmosError>();
        const auto done = [this, failed] {
            if (--m_pendingLoads > 0)
                return;
            if (failed->isError()) {
                showError(tr("Loading role assignments"), *failed);
                Q_EMIT loaded(false);
                return;
            }
            fill();
            setBusy(false,
                    tr("%1, %2.").arg(countText(m_assignmentList.size(),
                                                tr("role assignment"),
                                                tr("role assignments")),
                                      countText(m_definitionList.size(),
                                                tr("role definition"),
                                                tr("role definitions"))));
            Q_EMIT loaded(true);
        };
        m_rbac->definitions(
            this,
            [this, failed, done](const QList<RoleDefinition> &list, const CosmosError &error) {
                m_definitionList = list;
                if (error.isError())
                    *failed = error;
                done();
            });
        m_rbac->assignments(
            this,
            [this, failed, done](const QList<RoleAssignment> &list, const CosmosError &error) {
                m_assignmentList = list;
                if (error.isError())
                    *failed = error;
                done();
            });
    });
}

QString RoleAssignmentsDialog::roleNameOf(const QString &definitionId) const
{
    const QString guid = definitionId.section(QLatin1Char('/'), -1);
    for (const RoleDefinition &d : m_definitionList) {
        if (d.name.compare(guid, Qt::CaseInsensitive) == 0)
            return d.roleName;
    }
    return guid;
}

QString RoleAssignmentsDialog::scopeText(const QString &fullScope) const
{
    if (fullScope.compare(m_accountId, Qt::CaseInsensitive) == 0)
        return tr("account");
    if (fullScope.startsWith(m_accountId, Qt::CaseInsensitive)) {
        const QString rest = fullScope.mid(m_accountId.size());
        return rest.contains(QLatin1String("/colls/")) ? tr("container %1").arg(rest)
                                                       : tr("database %1").arg(rest);
    }
    return fullScope;
}

void RoleAssignmentsDialog::fill()
{
    m_assignments->setRowCount(int(m_assignmentList.size()));
    for (int i = 0; i < m_assignmentList.size(); ++i) {
        const RoleAssignment &a = m_assignmentList.at(i);
        auto principal = new QTableWidgetItem(a.principalId);
        principal->setToolTip(a.principalId);
        m_assignments->setItem(i, 0, principal);
        m_assignments->setItem(i, 1, new QTableWidgetItem(roleNameOf(a.roleDefinitionId)));
        m_assignments->setItem(i, 2, new QTableWidgetItem(scopeText(a.scope)));
    }
    m_assignments->resizeColumnsToContents();
    // A principal id (a GUID) is cut in the middle rather than pushing the role out of view
    // at 900 px; the whole id is in its tooltip.
    m_assignments->setTextElideMode(Qt::ElideMiddle);
    m_assignments->setColumnWidth(0, qMin(m_assignments->columnWidth(0),
                                          m_assignments->fontMetrics().averageCharWidth() * 18));
    const QString current = m_role->currentData().toString();
    m_role->clear();
    m_definitions->setRowCount(int(m_definitionList.size()));
    for (int i = 0; i < m_definitionList.size(); ++i) {
        const RoleDefinition &d = m_definitionList.at(i);
        m_definitions->setItem(i, 0, new QTableWidgetItem(d.roleName));
        m_definitions->setItem(i,
                               1,
                               new QTableWidgetItem(d.type == QLatin1String("BuiltInRole")
                                                        ? tr("built-in")
                                                        : tr("custom")));
        QStringList actions;
        for (const QString &a : d.dataActions)
            actions << a.section(QStringLiteral("databaseAccounts/"), 1);
        m_definitions->setItem(i, 2, new QTableWidgetItem(actions.join(QStringLiteral(", "))));
        m_role->addItem(d.roleName, d.name);
    }
    m_definitions->resizeColumnToContents(0);
    const int keep = m_role->findData(current);
    if (keep >= 0)
        m_role->setCurrentIndex(keep);
}

void RoleAssignmentsDialog::start(ArmOperation *op, const QString &what)
{
    m_operation = op;
    setBusy(true, tr("%1…").arg(what));
    connect(op, &ArmOperation::progress, this, [this, what](const QString &status) {
        setBusy(true, tr("%1… (%2)").arg(what, status));
    });
    connect(op, &ArmOperation::finished, this, [this, what](const ArmResponse &r) {
        m_operation = nullptr;
        if (!r.ok()) {
            showError(what, r.error);
            Q_EMIT operationFinished(false);
            return;
        }
        setBusy(false, tr("%1: done.").arg(what));
        Q_EMIT operationFinished(true);
        reload();
    });
}

void RoleAssignmentsDialog::createAssignment()
{
    if (!m_rbac || m_busy)
        return;
    const QString principal = m_principal->text().trimmed();
    const QString role = m_role->currentData().toString();
    QString scope = m_scope->currentData().toString();
    if (m_scope->currentText() != m_scope->itemText(m_scope->currentIndex()) || scope.isEmpty())
        scope = m_scope->currentText().trimmed(); // typed by the user
    if (principal.isEmpty() || role.isEmpty()) {
        showError(tr("New role assignment"),
                  CosmosError::invalidInput(tr("Enter a principal id and choose a role.")));
        return;
    }
    start(m_rbac->createAssignment(principal, role, scope, this),
          tr("Assigning \"%1\" to %2").arg(m_role->currentText(), principal));
}

void RoleAssignmentsDialog::deleteSelected(bool confirmed)
{
    const int row = m_assignments->currentRow();
    if (!m_rbac || m_busy || row < 0 || row >= m_assignmentList.size())
        return;
    const RoleAssignment a = m_assignmentList.at(row);
    if (!confirmed) {
        auto box = new QMessageBox(
            QMessageBox::Question,
            tr("Delete role assignment"),
            tr("Remove \"%1\" from %2 on %3?")
                .arg(roleNameOf(a.roleDefinitionId), a.principalId, scopeText(a.scope)),
            QMessageBox::Yes | QMessageBox::Cancel,
            this);
        box->setObjectName(QStringLiteral("confirmDelete"));
        box->setAttribute(Qt::WA_DeleteOnClose);
        connect(box, &QMessageBox::accepted, this, [this] { deleteSelected(true); });
        box->open();
        return;
    }
    start(m_rbac->deleteAssignment(a.name, this),
          tr("Deleting the assignment of \"%1\"").arg(roleNameOf(a.roleDefinitionId)));
}

void RoleAssignmentsDialog::createCustomRole()
{
    if (!m_rbac || m_busy)
        return;
    QStringList actions;
    for (int i = 0; i < m_actions->count(); ++i) {
        if (m_actions->item(i)->checkState() == Qt::Checked)
            actions << m_actions->item(i)->data(Qt::UserRole).toString();
    }
    const QString name = m_customName->text().trimmed();
    if (name.isEmpty() || actions.isEmpty()) {
        showError(tr("New custom role"),
                  CosmosError::invalidInput(tr("Name the role and check its data actions.")));
        return;
    }
    start(m_rbac->createDefinition(name, actions, this), tr("Creating the role \"%1\"").arg(name));
}

void RoleAssignmentsDialog::cancelOperation()
{
    if (!m_operation)
        return;
    m_operation->cancel(); // finishes it with Cancelled: the status says so
}

} // namespace Manage
