package dev.strata.internal;

import jakarta.servlet.AsyncContext;
import jakarta.servlet.AsyncListener;
import jakarta.servlet.ServletContext;
import jakarta.servlet.ServletException;
import jakarta.servlet.ServletRequest;
import jakarta.servlet.ServletResponse;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletRequestWrapper;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * Runs a hook once, just before an asynchronous response is completed, while it can still be
 * written to: {@code AsyncContext.complete()} on the context this request hands out runs the hook
 * first. (An {@code AsyncListener}'s {@code onComplete} runs after the response is closed.) Jetty's
 * proxy servlet, for one, answers asynchronously and completes this way.
 */
final class CompletionHookRequest extends HttpServletRequestWrapper {
    private final Runnable hook;
    private final AtomicBoolean ran = new AtomicBoolean();
    private volatile HookedContext context;

    /**
     * @param request the request to wrap
     * @param hook run once before completion; must not throw
     */
    CompletionHookRequest(HttpServletRequest request, Runnable hook) {
        super(request);
        this.hook = hook;
    }

    /** Runs the hook unless it ran already (for responses completed synchronously). */
    void runHook() {
        if (ran.compareAndSet(false, true)) {
            try {
                hook.run();
            } catch (RuntimeException e) {
                // the hook is best effort; the response completes either way
            }
        }
    }

    @Override
    public AsyncContext startAsync() {
        return hooked(super.startAsync());
    }

    @Override
    public AsyncContext startAsync(ServletRequest request, ServletResponse response) {
        return hooked(super.startAsync(request, response));
    }

    @Override
    public AsyncContext getAsyncContext() {
        AsyncContext current = super.getAsyncContext();
        HookedContext hooked = context;
        return hooked != null && hooked.delegate == current ? hooked : current;
    }

    private AsyncContext hooked(AsyncContext real) {
        HookedContext hooked = context;
        if (hooked == null || hooked.delegate != real) {
            hooked = new HookedContext(real);
            context = hooked;
        }
        return hooked;
    }

    /** Delegates everything, running the hook before {@code complete()}. */
    private final class HookedContext implements AsyncContext {
        private final AsyncContext delegate;

        HookedContext(AsyncContext delegate) {
            this.delegate = delegate;
        }

        @Override
        public void complete() {
            runHook();
            delegate.complete();
        }

        @Override
        public ServletRequest getRequest() {
            return delegate.getRequest();
        }

        @Override
        public ServletResponse getResponse() {
            return delegate.getResponse();
        }

        @Override
        public boolean hasOriginalRequestAndResponse() {
            return delegate.hasOriginalRequestAndResponse();
        }

        @Override
        public void dispatch() {
            delegate.dispatch();
        }

        @Override
        public void dispatch(String path) {
            delegate.dispatch(path);
        }

        @Override
        public void dispatch(ServletContext servletContext, String path) {
            delegate.dispatch(servletContext, path);
        }

        @Override
        public void start(Runnable run) {
            delegate.start(run);
        }

        @Override
        public void addListener(AsyncListener listener) {
            delegate.addListener(listener);
        }

        @Override
        public void addListener(AsyncListener listener, ServletRequest request, ServletResponse response) {
            delegate.addListener(listener, request, response);
        }

        @Override
        public <T extends AsyncListener> T createListener(Class<T> clazz) throws ServletException {
            return delegate.createListener(clazz);
        }

        @Override
        public void setTimeout(long timeout) {
            delegate.setTimeout(timeout);
        }

        @Override
        public long getTimeout() {
            return delegate.getTimeout();
        }
    }
}
