#pragma once

#include <armrbac.h>

#include <QDialog>
#include <QPointer>

QT_BEGIN_NAMESPACE
class QComboBox;
class QLabel;
class QLineEdit;
class QListWidget;
class QPushButton;
class QTableWidget;
QT_END_NAMESPACE

namespace Cosmos {
class CosmosClient;
}

namespace Manage {

/// Native RBAC of an Entra account through ARM (the counterpart of users and permissions):
/// role definitions (built-in Data Reader / Data Contributor and custom roles) and role
/// assignments (principal, role, scope: account, database or container). Creates an assignment
/// (principal prefilled with the signed-in user's object id), deletes one after confirmation,
/// and creates a custom role from a checklist of data actions. ARM writes are long-running:
/// their progress is shown and Cancel stops waiting. Non-modal: open it with show().
class RoleAssignmentsDialog : public QDialog
{
    Q_OBJECT
public:
    RoleAssignmentsDialog(Cosmos::CosmosClient *client, QWidget *parent = nullptr);

    QTableWidget *assignmentsView() const { return m_assignments; }
    QTableWidget *definitionsView() const { return m_definitions; }
    QLineEdit *principalEdit() const { return m_principal; }
    QComboBox *roleChooser() const { return m_role; }
    QComboBox *scopeChooser() const { return m_scope; }
    QLineEdit *customRoleName() const { return m_customName; }
    QListWidget *dataActions() const { return m_actions; }
    QString statusText() const;
    bool isBusy() const { return m_busy; }
    QList<Cosmos::Arm::RoleAssignment> assignments() const { return m_assignmentList; }
    QList<Cosmos::Arm::RoleDefinition> definitions() const { return m_definitionList; }

    void reload();
    void createAssignment();
    /// Deletes the selected assignment; asks first unless `confirmed`.
    void deleteSelected(bool confirmed = false);
    void createCustomRole();
    /// Stops waiting for the running ARM operation.
    void cancelOperation();

Q_SIGNALS:
    /// Definitions and assignments were (re)loaded, or failed (the status says why).
    void loaded(bool ok);
    /// An ARM write ended (created, deleted) or failed.
    void operationFinished(bool ok);

private:
    void start(Cosmos::Arm::ArmOperation *op, const QString &what);
    void showError(const QString &what, const Cosmos::CosmosError &error);
    void setBusy(bool busy, const QString &status);
    void fill();
    QString roleNameOf(const QString &definitionId) const;
    QString scopeText(const QString &fullScope) const;

    QPointer<Cosmos::CosmosClient> m_client;
    Cosmos::Arm::Rbac *m_rbac = nullptr;
    QString m_accountId;
    QLabel *m_account;
    QTableWidget *m_assignments;
    QTableWidget *m_definitions;
    QLineEdit *m_principal;
    QComboBox *m_role;
    QComboBox *m_scope;
    QPushButton *m_assign;
    QPushButton *m_delete;
    QLineEdit *m_customName;
    QListWidget *m_actions;
    QPushButton *m_createRole;
    QPushButton *m_cancel;
    QLabel *m_status;
    QPointer<Cosmos::Arm::ArmOperation> m_operation;
    QList<Cosmos::Arm::RoleAssignment> m_assignmentList;
    QList<Cosmos::Arm::RoleDefinition> m_definitionList;
    bool m_busy = false;
    int m_pendingLoads = 0;
};

/// The data actions offered for custom roles (Microsoft.DocumentDB/databaseAccounts/…).
QStringList cosmosDataActions();

} // namespace Manage
