package io.camstream.server;

import io.camstream.protocol.legacy.MainServerGrpc;
import io.camstream.protocol.v1.CamstreamGrpc;
import io.camstream.protocol.v1.PublishRequest;
import io.camstream.protocol.v1.SnapshotRequest;
import io.camstream.protocol.v1.SubscribeRequest;
import io.camstream.server.auth.AuthFile;
import io.camstream.server.auth.Caller;
import io.camstream.server.auth.Role;
import io.camstream.server.auth.Tokens;
import io.grpc.Context;
import io.grpc.Contexts;
import io.grpc.ForwardingServerCallListener;
import io.grpc.Grpc;
import io.grpc.Metadata;
import io.grpc.MethodDescriptor;
import io.grpc.ServerCall;
import io.grpc.ServerCallHandler;
import io.grpc.ServerInterceptor;
import io.grpc.ServerServiceDefinition;
import io.grpc.Status;
import io.grpc.health.v1.HealthGrpc;
import io.grpc.reflection.v1.ServerReflectionGrpc;
import java.lang.System.Logger.Level;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Function;

/**
 * Who may call what, for every call the server takes. It knows the caller by bearer token (the
 * auth file), else by client certificate ({@code cert:} entries), and puts it in the call's
 * {@link Context} ({@link #CALLER}) for the services (Describe lists only what the caller reaches).
 *
 * <p>Default deny: every method has a rule in {@link #RULES}, and {@link #checkCovered} refuses to
 * start a server that serves a method without one. Camera rules are checked on the call's first
 * message, before the service sees it: a refused request never reaches the hub.
 */
final class AccessControl implements ServerInterceptor {

    /** The caller of the current call; {@link Caller#ANYONE} when access control is off. */
    static final Context.Key<Caller> CALLER = Context.keyWithDefault("camstream-caller", Caller.ANYONE);

    private static final System.Logger LOG = System.getLogger(AccessControl.class.getName());
    private static final Metadata.Key<String> AUTHORIZATION =
            Metadata.Key.of("authorization", Metadata.ASCII_STRING_MARSHALLER);
    private static final String BEARER = "Bearer ";

    /** What a call needs. */
    private enum Need {
        /** Nothing: health checks, for load balancers and probes that carry no token. */
        OPEN,
        /** Any known caller: Describe (filtered to its cameras) and reflection. */
        KNOWN,
        /** View on the camera its first message names. */
        VIEW,
        /** Publish on the camera its first message names. */
        PUBLISH,
        /** The original sample's protocol, which cannot send a token: open only with --legacy-open. */
        LEGACY
    }

    private record Rule(Need need, Function<Object, String> cameraOf) {
        static Rule of(Need need) {
            return new Rule(need, request -> "");
        }
    }

    /** Every method camstream serves, by full method name, or by service name for a whole service. */
    private static final Map<String, Rule> RULES = Map.of(
            CamstreamGrpc.getSubscribeMethod().getFullMethodName(),
            new Rule(Need.VIEW, request -> ((SubscribeRequest) request).getCamera()),
            CamstreamGrpc.getSnapshotMethod().getFullMethodName(),
            new Rule(Need.VIEW, request -> ((SnapshotRequest) request).getCamera()),
            CamstreamGrpc.getPublishMethod().getFullMethodName(),
            new Rule(Need.PUBLISH, request -> ((PublishRequest) request).getCamera()),
            CamstreamGrpc.getDescribeMethod().getFullMethodName(), Rule.of(Need.KNOWN),
            MainServerGrpc.getGetStreamMethod().getFullMethodName(), Rule.of(Need.LEGACY),
            HealthGrpc.SERVICE_NAME, Rule.of(Need.OPEN),
            ServerReflectionGrpc.SERVICE_NAME, Rule.of(Need.KNOWN));

    /** The admitted call of the current call that watches or feeds a camera; null when access control is off. */
    static final Context.Key<Grant> GRANT = Context.key("camstream-grant");

    private final AtomicReference<AuthFile> authFile;
    private final boolean legacyOpen;
    private final String defaultCamera;
    private final Set<Grant> grants = ConcurrentHashMap.newKeySet();
    private final List<Runnable> updateListeners = new CopyOnWriteArrayList<>();

    /**
     * @param authFile the auth file, or null when access control is off (everyone is
     *     {@link Caller#ANYONE}; a mutual-TLS server still admits only certificates from its CA)
     * @param legacyOpen whether the original sample's protocol may watch without a token
     * @param defaultCamera the camera a request that names none gets
     */
    AccessControl(AuthFile authFile, boolean legacyOpen, String defaultCamera) {
        this.authFile = authFile == null ? null : new AtomicReference<>(authFile);
        this.legacyOpen = legacyOpen;
        this.defaultCamera = defaultCamera;
    }

    /** Whether callers must say who they are. */
    boolean enabled() {
        return authFile != null;
    }

    /**
     * Puts a new auth file in force: new calls are checked against it at once, and calls in
     * progress that it no longer admits to their camera are ended.
     */
    void update(AuthFile file) {
        authFile.set(file);
        grants.forEach(grant -> grant.recheck(file));
        updateListeners.forEach(Runnable::run);
    }

    /** Runs {@code listener} after each new auth file is in force, for checks made outside gRPC (HTTP). */
    void onUpdate(Runnable listener) {
        updateListeners.add(listener);
    }

    /**
     * The caller this token identifies under the auth file in force: {@link Caller#ANYONE} when
     * access control is off, empty for a token the file does not have.
     */
    Optional<Caller> byToken(String token) {
        return authFile == null ? Optional.of(Caller.ANYONE) : authFile.get().byToken(token);
    }

    /**
     * @throws IllegalStateException naming every served method without an access rule
     */
    static void checkCovered(List<ServerServiceDefinition> services) {
        List<String> uncovered = new ArrayList<>();
        for (ServerServiceDefinition service : services) {
            for (var method : service.getMethods()) {
                if (rule(method.getMethodDescriptor()) == null) {
                    uncovered.add(method.getMethodDescriptor().getFullMethodName());
                }
            }
        }
        if (!uncovered.isEmpty()) {
            throw new IllegalStateException("no access rule for " + uncovered + ": add one to AccessControl.RULES");
        }
    }

    private static Rule rule(MethodDescriptor<?, ?> method) {
        Rule rule = RULES.get(method.getFullMethodName());
        return rule != null ? rule : RULES.get(method.getServiceName());
    }

    @Override
    public <Q, R> ServerCall.Listener<Q> interceptCall(ServerCall<Q, R> call, Metadata headers,
            ServerCallHandler<Q, R> next) {
        Rule rule = rule(call.getMethodDescriptor());
        if (rule == null) {
            return refuse(call, Status.PERMISSION_DENIED.withDescription("no access rule for this method"));
        }
        if (authFile == null) {
            return next.startCall(call, headers);
        }
        Caller caller;
        try {
            caller = identify(call, headers);
        } catch (RefusedException e) {
            return rule.need() == Need.OPEN ? next.startCall(call, headers) : refuse(call, e.status);
        }
        Status refusal = refusalBeforeMessages(rule.need(), caller);
        if (refusal != null) {
            return refuse(call, refusal);
        }
        Context context = Context.current().withValue(CALLER, caller == null ? Caller.ANYONE : caller);
        Grant grant = grant(rule.need(), caller, headers, call);
        if (grant != null) {
            context = context.withValue(GRANT, grant);
        }
        ServerCall.Listener<Q> listener = Contexts.interceptCall(context, call, headers, next);
        return grant == null ? listener : new Tracked<>(listener, call, caller, rule, grant);
    }

    /** A grant for a call that watches or feeds a camera as a known caller; null for any other. */
    private Grant grant(Need need, Caller caller, Metadata headers, ServerCall<?, ?> call) {
        if (caller == null || !(need == Need.VIEW || need == Need.PUBLISH || need == Need.LEGACY)) {
            return null;
        }
        String header = headers.get(AUTHORIZATION);
        byte[] digest = header == null ? null : Tokens.digest(header.substring(BEARER.length()).strip());
        List<String> names = header == null ? PeerCertificates.names(call) : List.of();
        Role needed = need == Need.PUBLISH ? Role.PUBLISH : Role.VIEW;
        // The sample's protocol always watches the default camera; the others name theirs in their first message.
        return new Grant(digest, names, needed, need == Need.LEGACY ? defaultCamera : null);
    }

    /** The refusal a call gets before any message is read, or null to go on. */
    private Status refusalBeforeMessages(Need need, Caller caller) {
        switch (need) {
            case OPEN:
                return null;
            case LEGACY:
                if (legacyOpen) {
                    return null;
                }
                if (caller == null) {
                    return Status.UNAUTHENTICATED.withDescription("the original sample's MainServer protocol cannot "
                            + "send a token, and this server needs one; start the server with --legacy-open to let it "
                            + "watch camera '" + defaultCamera + "' without one");
                }
                return caller.may(Role.VIEW, defaultCamera) ? null : denied(caller, Role.VIEW, defaultCamera);
            default:
                if (caller == null) {
                    return Status.UNAUTHENTICATED.withDescription("this server needs a token: send the metadata "
                            + "'authorization: Bearer TOKEN' (camstream's clients: --token-file FILE or "
                            + "CAMSTREAM_TOKEN)");
                }
                if (need == Need.PUBLISH && !caller.role().includes(Role.PUBLISH)) {
                    return Status.PERMISSION_DENIED.withDescription(caller.describe()
                            + " may not publish: that needs role publish or admin");
                }
                return null;
        }
    }

    static Status denied(Caller caller, Role needed, String camera) {
        String what = needed == Role.PUBLISH ? "publish into" : "view";
        String reach = caller.cameras().isEmpty() ? "" : "; it reaches " + String.join(", ", caller.cameras());
        return Status.PERMISSION_DENIED.withDescription(caller.describe() + " may not " + what + " camera '"
                + camera + "'" + reach);
    }

    /** The caller by token, else by client certificate; null for a call that brought neither. */
    private Caller identify(ServerCall<?, ?> call, Metadata headers) throws RefusedException {
        AuthFile file = authFile.get();
        String header = headers.get(AUTHORIZATION);
        if (header != null) {
            if (!header.regionMatches(true, 0, BEARER, 0, BEARER.length())) {
                throw new RefusedException(Status.UNAUTHENTICATED.withDescription(
                        "the authorization metadata must be 'Bearer TOKEN'"));
            }
            return file.byToken(header.substring(BEARER.length()).strip()).orElseThrow(() -> {
                LOG.log(Level.DEBUG, "unknown token from {0}",
                        call.getAttributes().get(Grpc.TRANSPORT_ATTR_REMOTE_ADDR));
                return new RefusedException(Status.UNAUTHENTICATED.withDescription(
                        "this token is not in the server's auth file (mistyped, revoked, or for another server)"));
            });
        }
        List<String> names = PeerCertificates.names(call);
        if (names.isEmpty()) {
            return null;
        }
        return file.byCertificate(names).orElseThrow(() -> new RefusedException(Status.UNAUTHENTICATED
                .withDescription("no token, and the client certificate " + names
                        + " has no cert: entry in the server's auth file")));
    }

    private static <Q, R> ServerCall.Listener<Q> refuse(ServerCall<Q, R> call, Status status) {
        call.close(status, new Metadata());
        return new ServerCall.Listener<>() {
        };
    }

    /** A refusal found while identifying the caller. */
    private static final class RefusedException extends Exception {
        private static final long serialVersionUID = 1L;
        private final transient Status status;

        RefusedException(Status status) {
            super(status.getDescription(), null, false, false);
            this.status = status;
        }
    }

    /**
     * Checks the camera the first message names before the service sees it (refused calls see
     * nothing more), and keeps the call's grant while it lasts.
     */
    private final class Tracked<Q, R> extends ForwardingServerCallListener.SimpleForwardingServerCallListener<Q> {
        private final ServerCall<Q, R> call;
        private final Caller caller;
        private final Rule rule;
        private final Grant grant;
        private boolean checked;
        private boolean refused;

        Tracked(ServerCall.Listener<Q> delegate, ServerCall<Q, R> call, Caller caller, Rule rule, Grant grant) {
            super(delegate);
            this.call = call;
            this.caller = caller;
            this.rule = rule;
            this.grant = grant;
            grants.add(grant);
            // Checked after adding, so a reload between the admission and here is not missed.
            grant.recheck(authFile.get());
        }

        @Override
        public void onMessage(Q message) {
            if (refused) {
                return;
            }
            if (!checked && rule.need() != Need.LEGACY) {
                checked = true;
                // Cut like every echoed name: a refusal quotes it, and no camera's name is longer.
                String named = ClientText.echo(rule.cameraOf().apply(message));
                String camera = named.isEmpty() ? defaultCamera : named;
                Role needed = rule.need() == Need.PUBLISH ? Role.PUBLISH : Role.VIEW;
                if (!caller.may(needed, camera)) {
                    refused = true;
                    grants.remove(grant);
                    call.close(denied(caller, needed, camera), new Metadata());
                    return;
                }
                grant.camera(camera);
            }
            super.onMessage(message);
        }

        @Override
        public void onComplete() {
            grants.remove(grant);
            super.onComplete();
        }

        @Override
        public void onCancel() {
            grants.remove(grant);
            super.onCancel();
        }

        @Override
        public void onHalfClose() {
            if (!refused) {
                super.onHalfClose();
            }
        }

        @Override
        public void onReady() {
            if (!refused) {
                super.onReady();
            }
        }
    }
}
