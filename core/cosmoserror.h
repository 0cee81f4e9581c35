#pragma once

#include <QByteArray>
#include <QList>
#include <QString>

namespace Cosmos {

/// One problem the service's query engine found in a query text (`errors[]` of a 400).
struct QueryIssue
{
    QString code;    ///< "SC1001" (syntax), "SC1002" (end of input), "SC2001" (identifier) …
    QString message; ///< "Syntax error, incorrect syntax near 'FORM'."
    int start = -1;  ///< character offset in the query text, -1 when not given
    int end = -1;    ///< exclusive
};

/// What went wrong with an operation, in terms a user can act on.
struct CosmosError
{
    enum class Kind {
        None,         ///< no error
        InvalidInput, ///< refused before sending (bad JSON, invalid id, too large, bad arguments)
        Service,      ///< the service answered with an HTTP error status
        Connection,   ///< host not found, connection refused or closed
        Timeout,      ///< no answer within the transfer timeout
        Tls,          ///< the certificate or the TLS handshake was refused
        Cancelled,    ///< the caller cancelled the operation
        Damaged,      ///< an answer arrived but was cut, too large, or not what was asked for
        Redirected    ///< the server answered with a redirect, which is never followed
    };

    Kind kind = Kind::None;
    int status = 0;      ///< HTTP status, 0 when no response arrived
    int subStatus = 0;   ///< x-ms-substatus
    QString code;        ///< service error code, e.g. "Conflict"
    QString message;     ///< human readable message
    QString activityId;  ///< x-ms-activity-id of the failed request
    double requestCharge = 0;
    /// A write whose outcome is not known: an attempt may have been applied (its answer was
    /// lost). Set when the final error leaves that open.
    bool outcomeUnknown = false;
    /// The query engine's findings with their location (a 400 on a query), in its order.
    QList<QueryIssue> queryIssues;

    bool isError() const { return kind != Kind::None; }
    /// One line: "409 Conflict: Entity with the specified id already exists".
    QString toString() const;

    static CosmosError invalidInput(const QString &message);
    /// Parses the service's error body (`{"code","message"}` with an embedded
    /// `Message: {"Errors":[…]}`, or for a query `Message: {"errors":[{"severity","location",
    /// "code","message"}]}`) and the test servers' simpler `{"message"}`.
    static CosmosError fromServiceResponse(int status, int subStatus, const QByteArray &body);
    /// A 403 refused to a Microsoft Entra ID identity (substatus 5301: no RBAC role grants the
    /// action; 5300: a management request on the data plane) in the user's terms: the action,
    /// the built-in role that grants it and the `az cosmosdb sql role assignment create`
    /// command that assigns it. `accountId` is the ARM id when known. Other errors unchanged.
    static CosmosError explainEntraRefusal(const CosmosError &error, const QString &accountName,
                                           const QString &accountId = QString());
};

} // namespace Cosmos
